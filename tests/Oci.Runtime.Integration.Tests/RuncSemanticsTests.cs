using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Rules runc follows that scripts and engines rely on: the environment the process gets
/// (HOME, a variable given twice), where it starts (a cwd only root can enter), capabilities
/// the host cannot grant, a container's cgroup that is already frozen, and an exec whose pid
/// file cannot be written. Each is checked from inside the container and from outside.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class RuncSemanticsTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private CliRun Run(string id)
    {
        _bundle.Save();
        return _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);
    }

    private void StartDetached(string id)
    {
        _bundle.Shell("sleep 1000");
        _bundle.Save();
        var run = _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id);
        run.ExitCode.Should().Be(0, run.ToString());
    }

    private void SetEnv(params string[] variables) =>
        _bundle.Process["env"] = new JsonArray(variables.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    [Theory]
    [InlineData(0, "HOME=", "/root")]
    [InlineData(0, null, "/root")]
    [InlineData(1000, "HOME=", "/home/user")]
    [InlineData(1000, "HOME=/given", "/given")]
    public void HomeIsTheUsersWhenMissingOrEmpty(int uid, string? home, string expected)
    {
        var id = _bundle.NewId();
        _bundle.Process["user"] = new JsonObject { ["uid"] = uid, ["gid"] = uid };
        SetEnv(home is null ? ["PATH=/bin"] : ["PATH=/bin", home]);
        // The shell's own environ as execve gave it, not what the shell re-exports.
        _bundle.Shell("tr '\\0' '\\n' < /proc/$$/environ | grep ^HOME=");

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"HOME={expected}\n");
    }

    // exec takes the container's env as its default; HOME then comes from /etc/passwd for the
    // exec'd user, not the init's.
    [Theory]
    [InlineData("1000:1000", null, "/home/user")]
    [InlineData("0:0", null, "/root")]
    [InlineData("1000:1000", "HOME=/given", "/given")]
    public void ExecGetsTheHomeOfItsOwnUser(string user, string? env, string expected)
    {
        var id = _bundle.NewId();
        SetEnv("PATH=/bin");
        StartDetached(id);
        string[] envFlags = env is null ? [] : ["--env", env];

        var exec = _bundle.Ocirt(["exec", "--user", user, .. envFlags, id, "sh", "-c", "tr '\\0' '\\n' < /proc/$$/environ | grep ^HOME="]);

        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Should().Be($"HOME={expected}\n");
    }

    [Fact]
    public void AVariableGivenTwiceReachesTheProcessOnceWithItsLastValue()
    {
        var id = _bundle.NewId();
        SetEnv("PATH=/bin", "ONE=two", "OTHER=x", "ONE=");
        _bundle.Shell("tr '\\0' '\\n' < /proc/$$/environ | grep -E '^(ONE|OTHER)='");

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("OTHER=x\nONE=\n");
    }

    // runc enters the cwd before it drops to the user, and again after only if that was refused.
    [Fact]
    public void ACwdOnlyRootCanEnterStillWorksForANonRootUser()
    {
        var id = _bundle.NewId();
        File.SetUnixFileMode(Path.Combine(_bundle.Rootfs, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _bundle.Process["user"] = new JsonObject { ["uid"] = 1000, ["gid"] = 1000 };
        _bundle.Process["cwd"] = "/root";
        _bundle.Shell("pwd; id -u; ls . 2>&1 >/dev/null | grep -c 'Permission denied'");

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("/root\n1000\n1\n", "the process is in /root as uid 1000, which cannot list it");
    }

    [Fact]
    public void ExecAsANonRootUserIntoACwdOnlyRootCanEnter()
    {
        var id = _bundle.NewId();
        File.SetUnixFileMode(Path.Combine(_bundle.Rootfs, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        StartDetached(id);

        var exec = _bundle.Ocirt("exec", "--user", "1000:1000", "--cwd", "/root", id, "sh", "-c", "pwd; id -u");

        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Should().Be("/root\n1000\n");
    }

    // Still no way out through the cwd on either try (CVE-2024-21626): /proc/self/fd/N is a magic
    // link. N is stdout, an fd the init holds whatever else it has open (runc's leak was fd 7).
    [Fact]
    public void ACwdThroughAMagicLinkIsRefusedForANonRootUser()
    {
        var id = _bundle.NewId();
        _bundle.Process["user"] = new JsonObject { ["uid"] = 1000, ["gid"] = 1000 };
        _bundle.Process["cwd"] = "/proc/self/fd/1";
        _bundle.Shell("pwd");

        var run = Run(id);

        run.ExitCode.Should().NotBe(0, run.ToString());
        run.Stderr.Should().Contain("chdir to cwd (\\\"/proc/self/fd/1\\\") set in config.json failed: too many levels of symbolic links");
        _bundle.AssertNoLeaks();
    }

    // runtime-spec: a capability that cannot be granted MUST be warned of, SHOULD NOT fail.
    [Fact]
    public void UnknownAndUngrantableCapabilitiesAreWarnedOfAndLeftOut()
    {
        var id = _bundle.NewId();
        var wanted = new[] { "CAP_KILL", "CAP_BOGUS_FROM_A_NEWER_KERNEL" };
        _bundle.Process["capabilities"] = new JsonObject
        {
            ["bounding"] = new JsonArray(wanted.Select(c => (JsonNode)c).ToArray()),
            ["effective"] = new JsonArray(wanted.Select(c => (JsonNode)c).ToArray()),
            ["permitted"] = new JsonArray(wanted.Select(c => (JsonNode)c).ToArray()),
        };
        _bundle.Shell("grep -E '^Cap(Bnd|Eff)' /proc/self/status");

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("CapEff:\t0000000000000020\nCapBnd:\t0000000000000020\n", "CAP_KILL alone");
        run.Stderr.Should().Contain("level=warning").And.Contain("ignoring \\\"CAP_BOGUS_FROM_A_NEWER_KERNEL\\\" (bounding, effective, permitted): unknown capability");
    }

    [Fact]
    public void AnAmbientCapabilityThatIsNotInheritableIsWarnedOf()
    {
        var id = _bundle.NewId();
        _bundle.Process["capabilities"] = new JsonObject
        {
            ["bounding"] = new JsonArray("CAP_KILL", "CAP_CHOWN"), ["permitted"] = new JsonArray("CAP_KILL", "CAP_CHOWN"),
            ["inheritable"] = new JsonArray("CAP_KILL"), ["ambient"] = new JsonArray("CAP_KILL", "CAP_CHOWN"),
        };
        _bundle.Process["user"] = new JsonObject { ["uid"] = 1000, ["gid"] = 1000 };
        _bundle.Shell("grep -E '^CapAmb' /proc/self/status");

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("CapAmb:\t0000000000000020\n");
        run.Stderr.Should().Contain("process.capabilities.ambient: CAP_CHOWN is not raised");
    }

    // runc: "container's cgroup unexpectedly frozen". Before, ocirt waited for an init that could not run.
    [Theory]
    [InlineData("")]
    [InlineData("/sub")]
    public void AFrozenCgroupIsRefusedAtOnceAndLeftAsItWas(string below)
    {
        var frozen = FrozenCgroup.Make($"ocirt-it-frozen-{Guid.NewGuid():N}");
        try
        {
            var id = _bundle.NewId();
            _bundle.Linux["cgroupsPath"] = frozen.CgroupsPath + below + (below.Length > 0 ? "/" + id : "");
            _bundle.Shell("sleep 1000");
            _bundle.Save();

            var run = _bundle.OcirtWithin(TimeSpan.FromSeconds(30), "run", "-d", "--bundle", _bundle.Bundle, id);

            run.ExitCode.Should().Be(1, run.ToString());
            run.Stderr.Should().Contain("container's cgroup is frozen").And.Contain(frozen.StateFile);
            run.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
            _bundle.AssertNoLeaks();
            Directory.Exists(Path.Combine(_bundle.Sandbox.Root, id)).Should().BeFalse();
            frozen.IsStillFrozen.Should().BeTrue("the cgroup was not ocirt's to thaw or remove");
        }
        finally
        {
            frozen.Remove();
        }
    }

    [Fact]
    public void AnExecPidFileInAMissingDirectoryFailsAndLeavesNoProcess()
    {
        var id = _bundle.NewId();
        StartDetached(id);
        var marker = $"sleep 4{Random.Shared.Next(100000, 999999)}";

        var exec = _bundle.Ocirt("exec", "-d", "--pid-file", "/non-existent/directory/pid", id, "sh", "-c", marker);

        exec.ExitCode.Should().Be(255, "runc's exit code for a failed exec: {0}", exec);
        exec.Stderr.Should().Contain("open /non-existent/directory/pid: no such file or directory").And.NotContain("Could not find");
        Thread.Sleep(200);
        Host.ProcessesInCgroupsOf(id).Should().HaveCount(1, "only the init is left in the container");
        Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _))
            .Select(p => { try { return File.ReadAllText(Path.Combine(p, "cmdline")).Replace('\0', ' '); } catch (IOException) { return ""; } })
            .Should().NotContain(c => c.Contains(marker), "the exec'd process is neither running nor orphaned");
    }

    /// <summary>A cgroup made and frozen by the test, as an engine or an admin would leave one.</summary>
    private sealed record FrozenCgroup(string Directory, string CgroupsPath, string StateFile, bool V2)
    {
        public static FrozenCgroup Make(string name)
        {
            if (System.IO.Directory.Exists("/sys/fs/cgroup/freezer"))
            {
                var dir = Path.Combine("/sys/fs/cgroup/freezer", name);
                System.IO.Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "freezer.state"), "FROZEN");
                return new FrozenCgroup(dir, "/" + name, Path.Combine(dir, "freezer.state"), V2: false);
            }
            var unified = Path.Combine("/sys/fs/cgroup", name);
            System.IO.Directory.CreateDirectory(unified);
            File.WriteAllText(Path.Combine(unified, "cgroup.freeze"), "1");
            return new FrozenCgroup(unified, "/" + name, Path.Combine(unified, "cgroup.freeze"), V2: true);
        }

        public bool IsStillFrozen => File.ReadAllText(StateFile).Trim() == (V2 ? "1" : "FROZEN");

        public void Remove()
        {
            foreach (var sub in System.IO.Directory.GetDirectories(Directory).OrderByDescending(d => d.Length))
                System.IO.Directory.Delete(sub);
            System.IO.Directory.Delete(Directory);
        }
    }
}
