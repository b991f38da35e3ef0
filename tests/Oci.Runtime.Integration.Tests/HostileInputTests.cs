using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Input that once crashed ocirt or was silently cut short: NUL bytes in strings the kernel
/// takes as C strings, an environment execve cannot take, and a --log device that is full.
/// Each is refused (or reported) naming the culprit, exits 1 without a .NET stack trace, and
/// leaves nothing behind.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class HostileInputTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private CliRun Run(string id, params string[] globalFlags)
    {
        _bundle.Save();
        return _bundle.Ocirt([.. globalFlags, "run", "--bundle", _bundle.Bundle, id]);
    }

    [Theory]
    [InlineData("linux.cgroupsPath")]
    [InlineData("process.cwd")]
    [InlineData("process.args[0]")]
    [InlineData("root.path")]
    [InlineData("mounts[0].source")]
    [InlineData("mounts[0].destination")]
    [InlineData("hooks.createRuntime[0].path")]
    public void ANulByteIsRefusedNamingItsFieldBeforeAnythingIsMade(string field)
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");
        _bundle.Mounts.Insert(0, new JsonObject
        {
            ["destination"] = "/mnt", ["type"] = "bind", ["source"] = "rootfs/tmp", ["options"] = new JsonArray("rbind"),
        });
        _bundle.Config["hooks"] = new JsonObject { ["createRuntime"] = new JsonArray(new JsonObject { ["path"] = "/bin/true" }) };
        // The cgroup path names the id, so a cgroup directory made before the NUL would be found.
        _bundle.Linux["cgroupsPath"] = $"/{id}";
        var (parent, key) = field switch
        {
            "linux.cgroupsPath" => (_bundle.Linux, "cgroupsPath"),
            "process.cwd" => (_bundle.Process, "cwd"),
            "root.path" => (_bundle.Config["root"]!.AsObject(), "path"),
            "mounts[0].source" => (_bundle.Mounts[0]!.AsObject(), "source"),
            "mounts[0].destination" => (_bundle.Mounts[0]!.AsObject(), "destination"),
            "hooks.createRuntime[0].path" => (_bundle.Config["hooks"]!["createRuntime"]![0]!.AsObject(), "path"),
            _ => ((JsonObject?)null, ""),
        };
        if (parent is null)
            _bundle.Process["args"]![0] = "/bin/sh\0-evil";
        else
            parent[key] = parent[key]!.GetValue<string>() + "\0/x";

        var run = Run(id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain($"{field}: contains a NUL byte").And.NotContain("Exception");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void ANulByteInAnExecProcessFileIsRefused()
    {
        var id = _bundle.NewId();
        _bundle.Shell("sleep 100");
        _bundle.Save();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var processFile = Path.Combine(_bundle.Sandbox.Directory, "process.json");
        File.WriteAllText(processFile, new JsonObject
        {
            ["args"] = new JsonArray("/bin/touch\0/evil", "/tmp/ran"), ["cwd"] = "/", ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
        }.ToJsonString());

        var exec = _bundle.Ocirt("exec", "--process", processFile, id);

        exec.ExitCode.Should().NotBe(0, exec.ToString());
        exec.Stderr.Should().Contain("args[0]: contains a NUL byte").And.NotContain("Exception");
        File.Exists(Path.Combine(_bundle.Rootfs, "tmp", "ran")).Should().BeFalse("nothing ran");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks();
    }

    // execve takes no single string over 32 pages, whatever the stack limit.
    [Fact]
    public void AnEnvironmentVariableTooBigForExecveIsRefusedNamingIt()
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");
        var env = _bundle.Process["env"]!.AsArray();
        env.Add((JsonNode)("BIG=" + new string('x', 2 * 1024 * 1024)));

        var run = Run(id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain($"process.env[{env.Count - 1}]: 2097157 bytes, more than the 131072 that execve takes for one string")
            .And.NotContain("Exception");
        _bundle.AssertNoLeaks();
    }

    // The total is measured against a quarter of RLIMIT_STACK (2 MiB here): found only by execve.
    [Fact]
    public void AnEnvironmentTooBigInTotalIsReportedWithItsSize()
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");
        _bundle.Process["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_STACK", ["soft"] = 8 << 20, ["hard"] = 8 << 20 });
        var env = _bundle.Process["env"]!.AsArray();
        for (var i = 0; i < 30; i++)
            env.Add((JsonNode)($"V{i}=" + new string('x', 100_000)));

        var run = Run(id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("exec /bin/sh: argument list too long: process.args and process.env take")
            .And.Contain("a quarter of RLIMIT_STACK").And.NotContain("Exception");
        _bundle.Ocirt("delete", "--force", id);
        _bundle.AssertNoLeaks();
    }

    // runc: "Failed to write to log, write /dev/full: no space left on device", then the error.
    [Fact]
    public void AFullLogDeviceNeitherHidesTheErrorNorLeavesState()
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");
        _bundle.Config["root"]!["path"] = "no-such-rootfs";

        var run = Run(id, "--log", "/dev/full", "--log-format", "json");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().StartWith("Failed to write to log, write /dev/full: no space left on device\n")
            .And.Contain("no-such-rootfs").And.NotContain("Exception");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void AFullLogDeviceDoesNotChangeTheOutcomeOfAWarning()
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");
        _bundle.Config["hooks"] = new JsonObject { ["poststart"] = new JsonArray(new JsonObject { ["path"] = "/bin/false" }) };
        _bundle.Save();
        var withLog = _bundle.Ocirt("--log", Path.Combine(_bundle.Sandbox.Directory, "ocirt.log"), "run", "--bundle", _bundle.Bundle, id);
        _bundle.Ocirt("delete", "--force", id);

        var withFullLog = Run(id, "--log", "/dev/full");

        withFullLog.ExitCode.Should().Be(withLog.ExitCode, withFullLog.ToString());
        withFullLog.Stderr.Should().Contain("Failed to write to log, write /dev/full: no space left on device").And.NotContain("Exception");
        _bundle.Ocirt("delete", "--force", id);
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void ALogThatCannotBeOpenedFailsBeforeAnythingIsMade()
    {
        var id = _bundle.NewId();
        _bundle.Shell("true");

        var run = Run(id, "--log", "/proc/ocirt-no-such.log");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("open /proc/ocirt-no-such.log: no such file or directory").And.NotContain("Exception");
        _bundle.AssertNoLeaks();
    }
}
