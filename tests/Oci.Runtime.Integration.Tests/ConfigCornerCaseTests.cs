using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Configs that engines and other projects' test suites write, which runc and crun run: devices
/// outside /dev, mounts on dangling symlinks, host binds in a user namespace, real-time
/// schedulers, the kernel.hostname sysctl, and exec's cwd error.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class ConfigCornerCaseTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private CliRun Run(string id) => _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

    [Fact]
    public void DevicesOutsideDevAreMadeWhereThePathSaysInsideTheRootfs()
    {
        _bundle.Config["root"]!["readonly"] = false;
        _bundle.Linux["devices"] = JsonNode.Parse("""
            [{"path": "/foo-dev", "type": "c", "major": 1, "minor": 3, "fileMode": 438},
             {"path": "/subdir/foo-dev", "type": "c", "major": 1, "minor": 5, "fileMode": 420}]
            """);
        _bundle.Shell("stat -c '%n %F %t:%T %a' /foo-dev /subdir/foo-dev; echo zero=$(head -c 3 /subdir/foo-dev | od -An -tx1 | tr -d ' ')");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.AsRunResult().StdoutLines.Should().Equal("/foo-dev character special file 1:3 666", "/subdir/foo-dev character special file 1:5 644", "zero=000000");
        File.Exists(Path.Combine(_bundle.Rootfs, "subdir", "foo-dev")).Should().BeTrue("the node is in the rootfs, its parent made there");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ABindOnADanglingSymlinkCreatesTheSymlinksTargetInsideTheRootfsOnly()
    {
        var outside = Path.Combine(_bundle.Sandbox.Directory, "outside");
        var etc = Path.Combine(_bundle.Rootfs, "etc");
        File.CreateSymbolicLink(Path.Combine(etc, "not-existing"), "/etc/missing-target");
        // The same name from the host's point of view: what a symlink race (CVE-2021-30465) would aim at.
        File.CreateSymbolicLink(Path.Combine(etc, "escape"), "../../../../../../../.." + outside);
        _bundle.Mounts.Add(JsonNode.Parse("""{"destination": "/etc/not-existing", "type": "bind", "source": "/etc/hostname", "options": ["bind", "ro"]}"""));
        _bundle.Mounts.Add(JsonNode.Parse("""{"destination": "/etc/escape", "type": "bind", "source": "/etc/hostname", "options": ["bind", "ro"]}"""));
        _bundle.Shell("cat /etc/not-existing /etc/escape; grep -c ' /etc/missing-target ' /proc/self/mountinfo");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        var hostname = File.ReadAllText("/etc/hostname").Trim();
        run.AsRunResult().StdoutLines.Should().Equal(hostname, hostname, "1");
        File.Exists(Path.Combine(etc, "missing-target")).Should().BeTrue("the target the symlink names is made in the rootfs");
        File.Exists(Path.Combine(_bundle.Rootfs, outside.TrimStart('/'))).Should().BeTrue("\"..\" stops at the rootfs");
        Path.Exists(outside).Should().BeFalse("nothing is made outside the rootfs");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void AHostDirectoryTheContainersRootCannotReachIsBoundInAUserNamespace()
    {
        // The source lies under a 0700 directory of the host's root: uid 100000 cannot look it up.
        var locked = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, "locked")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var source = Directory.CreateDirectory(Path.Combine(locked, "data")).FullName;
        File.WriteAllText(Path.Combine(source, "file"), "from the host\n");
        Host.Execute("chown", "-R", "100000:100000", _bundle.Rootfs).ExitCode.Should().Be(0);
        _bundle.Namespaces.Add(JsonNode.Parse("""{"type":"user"}"""));
        _bundle.Linux["uidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        _bundle.Linux["gidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        _bundle.Mounts.Add(new JsonObject { ["destination"] = "/data", ["type"] = "bind", ["source"] = source, ["options"] = new JsonArray("rbind", "ro") });
        _bundle.Shell("cat /data/file; touch /data/new 2>/dev/null && echo writable || echo read-only; grep ' /data ' /proc/self/mountinfo | cut -d' ' -f4-6");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Run(id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.AsRunResult().StdoutLines.Should().HaveCount(3);
        run.AsRunResult().StdoutLines[0].Should().Be("from the host");
        run.AsRunResult().StdoutLines[1].Should().Be("read-only");
        run.AsRunResult().StdoutLines[2].Should().StartWith(source + " /data ro,");
        _bundle.AssertNoLeaks(id);
    }

    [Theory]
    [InlineData("SCHED_FIFO", 1)]
    [InlineData("SCHED_RR", 2)]
    public void ARealTimeSchedulerIsSetInTheContainersCgroupWhenItHasABudget(string policy, int number)
    {
        _bundle.Process["scheduler"] = new JsonObject { ["policy"] = policy, ["priority"] = 3 };
        _bundle.Linux["resources"] = JsonNode.Parse("""{"cpu": {"realtimeRuntime": 10000, "realtimePeriod": 1000000}}""");
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        var pid = (int)_bundle.State(id)["pid"]!;
        File.ReadAllLines($"/proc/{pid}/stat")[0].Split(')')[1].Split(' ')[39].Should().Be(number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "field 41 of stat is the policy");
        File.ReadAllLines($"/proc/{pid}/cgroup").Should().Contain(l => l.EndsWith($":cpu:/{id}", StringComparison.Ordinal) || l.Contains($"cpu,cpuacct:/{id}", StringComparison.Ordinal));
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ARealTimeSchedulerWithoutABudgetFailsNamingWhatItNeedsAndLeavesNothing()
    {
        if (!File.Exists("/sys/fs/cgroup/cpu/cpu.rt_runtime_us"))
            return; // no real-time group scheduling here: the kernel allows the policy in any cgroup
        _bundle.Process["scheduler"] = new JsonObject { ["policy"] = "SCHED_FIFO", ["priority"] = 1 };
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Run(id);

        run.ExitCode.Should().Be(1);
        LogLines.ExpectTextError(run.AsRunResult()).Should().Be("process.scheduler: SCHED_FIFO: sched_setattr: operation not permitted " +
            "(a real-time policy needs a real-time budget in the container's cpu cgroup: set linux.resources.cpu.realtimeRuntime)");
        _bundle.AssertNoLeaks(id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheKernelHostnameSysctlIsRefused(bool utsNamespace)
    {
        _bundle.Linux["sysctl"] = new JsonObject { ["kernel.hostname"] = "from-sysctl" };
        if (!utsNamespace)
        {
            _bundle.RemoveNamespace("uts");
            _bundle.Config.Remove("hostname");
        }
        _bundle.SetArgs("hostname");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Run(id);

        run.ExitCode.Should().Be(1, run.ToString());
        LogLines.ExpectTextError(run.AsRunResult()).Should()
            .Be("linux.sysctl[\"kernel.hostname\"]: not allowed: it conflicts with the OCI \"hostname\" field; set the hostname there");
        run.Stdout.Should().BeEmpty();
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ExecWithAMissingCwdFailsAsRuncSaysIt()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);

        var exec = _bundle.Ocirt("exec", "--cwd", "/invalid/path", id, "true");

        // runc: exit 255, "exec failed: unable to start container process: chdir to cwd (…) set in config.json failed: …".
        LogLines.ExpectTextError(exec.AsRunResult(), exitCode: 255)
            .Should().Be("exec failed: chdir to cwd (\"/invalid/path\") set in config.json failed: no such file or directory");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }
}
