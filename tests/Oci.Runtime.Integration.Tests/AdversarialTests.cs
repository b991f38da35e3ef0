using System.Diagnostics;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Configs a hostile image or caller writes to reach the host: each is refused naming the
/// culprit, or kept inside the container, and the host is left as it was. (Races, kills,
/// corrupt state, fds and full roots have their own classes: CreateRaceTests, CorruptStateTests,
/// CallerFdTests, FullRootTests, KernelFilesystemTargetTests.)
/// </summary>
[Collection(RealContainers.Name)]
public sealed class AdversarialTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private CliRun Run(string script)
    {
        _bundle.Shell(script);
        _bundle.Save();
        return _bundle.Ocirt("run", "--bundle", _bundle.Bundle, _bundle.NewId());
    }

    [Theory]
    [InlineData("vm.swappiness", "1", null, "not a namespaced sysctl: setting it would change the host")]
    [InlineData("net/../../vm/swappiness", "1", null, "not a namespaced sysctl: setting it would change the host")]
    [InlineData("net.ipv4.ip_forward", "1", "network", "needs a network namespace: without one it would change the host")]
    [InlineData("kernel.domainname", "pwned", "uts", "needs a uts namespace")]
    public void ASysctlThatWouldChangeTheHostIsRefused(string name, string value, string? withoutNamespace, string why)
    {
        var hostFile = "/proc/sys/" + name.Replace('.', '/');
        var before = File.Exists(hostFile) ? File.ReadAllText(hostFile) : null;
        _bundle.Linux["sysctl"] = new JsonObject { [name] = value };
        if (withoutNamespace is not null)
            _bundle.RemoveNamespace(withoutNamespace);
        _bundle.Config.Remove("hostname"); // a hostname needs a uts namespace: a refusal of its own

        var run = Run("true");

        run.ExitCode.Should().NotBe(0, run.ToString());
        run.Stderr.Should().Contain($"linux.sysctl[\\\"{name}\\\"]").And.Contain(why).And.NotContain("Exception");
        if (before is not null)
            File.ReadAllText(hostFile).Should().Be(before, "the host's value is untouched");
        File.ReadAllText("/proc/sys/vm/swappiness").Should().NotBe("1\n");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void ADeviceEntryNamingAHostNodeNeverChangesTheHostsNode()
    {
        var before = Host.Execute("stat", "-c", "%a %u %g %t %T", "/dev/null").Stdout;
        _bundle.Linux["devices"] = new JsonArray(new JsonObject
        {
            ["path"] = "/dev/null", ["type"] = "c", ["major"] = 1, ["minor"] = 3, ["fileMode"] = 0x180, ["uid"] = 1234, ["gid"] = 1234,
        });

        var run = Run("stat -c '%a %u %g' /dev/null");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("600 1234 1234\n", "the container's node is as the config says");
        Host.Execute("stat", "-c", "%a %u %g %t %T", "/dev/null").Stdout.Should().Be(before, "the host's node is untouched");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void AHungHookIsKilledAtItsTimeoutAndTheCreateLeavesNothing()
    {
        // A duration no other test sleeps for: a test running beside this one (CorruptStateTests
        // runs `sleep 100`) must not pass for a hook left behind.
        _bundle.Config["hooks"] = new JsonObject
        {
            ["createRuntime"] = new JsonArray(new JsonObject { ["path"] = "/bin/sleep", ["args"] = new JsonArray("sleep", "4711"), ["timeout"] = 1 }),
        };
        var clock = Stopwatch.StartNew();

        var run = Run("true");

        run.ExitCode.Should().NotBe(0, run.ToString());
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        run.Stderr.Should().Contain("hooks.createRuntime[0]: \\\"/bin/sleep\\\" did not finish within 1s");
        Process.GetProcessesByName("sleep").Where(p => Host.Execute("cat", $"/proc/{p.Id}/cmdline").Stdout == "sleep\04711\0")
            .Should().BeEmpty("the hook is killed, not left behind");
        _bundle.AssertNoLeaks();
    }

    [Theory]
    [InlineData("/../../../../tmp")]
    [InlineData("/tmp/../../..")]
    public void ACwdThatClimbsOutStaysInTheRootfs(string cwd)
    {
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "tmp", "inside"), "");
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "inside-root"), "");
        _bundle.Process["cwd"] = cwd;

        var run = Run("ls");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Split('\n').Should().Contain(l => l == "inside" || l == "inside-root", "the cwd is a directory of the rootfs");
        _bundle.AssertNoLeaks();
    }

    [Theory]
    [InlineData("/escape")]
    [InlineData("../../../../escape")]
    public void AMountOnASymlinkThatLeadsOutLandsInTheRootfs(string symlinkTarget)
    {
        // The host directory the symlink names, as the host sees it: a mount there is an escape.
        var hostSide = Path.GetFullPath(Path.Combine(_bundle.Rootfs, "..", "escape"));
        Directory.CreateDirectory(hostSide);
        Directory.CreateDirectory(Path.Combine(_bundle.Rootfs, "escape"));
        File.CreateSymbolicLink(Path.Combine(_bundle.Rootfs, "link"), symlinkTarget.StartsWith('/') ? symlinkTarget : "../" + symlinkTarget);
        _bundle.Mounts.Add(new JsonObject { ["destination"] = "/link", ["type"] = "tmpfs", ["source"] = "tmpfs", ["options"] = new JsonArray("size=1m") });
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Shell("grep -c ' /escape tmpfs ' /proc/self/mounts");
        _bundle.Save();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("1\n", "the tmpfs is on the rootfs's /escape");
        Host.MountPoints().Should().NotContain(hostSide);
        _bundle.AssertNoLeaks(id);
    }
}
