using System.Globalization;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>Real containers through create, start, state, kill, delete and run, checked from outside.</summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorLifecycleTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private string LastStdout(string id) =>
        // create's stdout file is the container's stdout: the one of the create run.
        _createStdout.TryGetValue(id, out var path) ? CliRun.ReadOrEmpty(path) : "";

    private readonly Dictionary<string, string> _createStdout = [];

    private (string Id, int Pid) Create(params string[] extra)
    {
        var id = _bundle.NewId();
        var create = _bundle.Ocirt(["create", "--bundle", _bundle.Bundle, .. extra, id]);
        create.ExitCode.Should().Be(0, create.ToString());
        _createStdout[id] = Directory.GetFiles(_bundle.Sandbox.Directory, "stdout.*").OrderBy(f => int.Parse(f[(f.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture)).Last();
        var state = _bundle.State(id);
        return (id, (int)state["pid"]!);
    }

    [Fact]
    public void CreateStartKillDeleteOfARealContainer()
    {
        _bundle.Shell("echo started-$(hostname); exec sleep 600");
        _bundle.Save();

        var (id, pid) = Create();

        var created = _bundle.State(id);
        ((string?)created["status"]).Should().Be("created");
        pid.Should().BeGreaterThan(0);
        Host.IsAlive(pid).Should().BeTrue();
        File.ReadAllText($"/proc/{pid}/cmdline").Should().NotContain("sleep", "the init waits on the exec fifo until start");
        LastStdout(id).Should().BeEmpty("nothing of the container's runs before start");

        var start = _bundle.Ocirt("start", id);
        start.ExitCode.Should().Be(0, start.ToString());
        ((string?)_bundle.State(id)["status"]).Should().Be("running");
        WaitFor(() => LastStdout(id).Contains("started-runc"), "the container's stdout reaches the caller of create");
        WaitFor(() => File.ReadAllText($"/proc/{pid}/cmdline") == "sleep\0600\0", "the init execs the process");

        var kill = _bundle.Ocirt("kill", id, "KILL");
        kill.ExitCode.Should().Be(0, kill.ToString());
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        ((string?)_bundle.State(id)["status"]).Should().Be("stopped");

        var delete = _bundle.Ocirt("delete", id);
        delete.ExitCode.Should().Be(0, delete.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void CreateKeepsTheBundlesConfigAsItWasWrittenAndExecUsesIt()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Process["env"] = new JsonArray("PATH=/bin", "FROM_CONFIG=kept");
        _bundle.Config["x-unknown-to-ocirt"] = JsonNode.Parse("""{"kept": [1, 2]}""");
        _bundle.Save();
        var text = File.ReadAllText(_bundle.Sandbox.ConfigPath);

        var (id, _) = Create();
        File.WriteAllText(_bundle.Sandbox.ConfigPath, "{}");

        File.ReadAllText(Path.Combine(_bundle.Sandbox.Root, id, "config.json")).Should().Be(text, "the saved config is the text create read");
        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        var exec = _bundle.Ocirt("exec", id, "sh", "-c", "echo $FROM_CONFIG");
        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Trim().Should().Be("kept", "exec takes the process defaults from the saved config, not the bundle's file now");
    }

    [Fact]
    public void CreatedInitIsInTheContainersCgroupsWithTheConfiguredLimits()
    {
        _bundle.Linux["resources"] = JsonNode.Parse("""{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":67108864},"pids":{"limit":123}}""");
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();

        var (id, pid) = Create();

        var lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        lines.Should().OnlyContain(l => l.EndsWith("/" + id, StringComparison.Ordinal), "the init is in the container's cgroup in every hierarchy:\n{0}", string.Join('\n', lines));
        var directories = Host.CgroupDirectoriesOf(id);
        directories.Should().NotBeEmpty();
        foreach (var dir in directories)
        {
            var procs = Path.Combine(dir, "cgroup.procs");
            File.ReadAllLines(procs).Should().Equal([pid.ToString(CultureInfo.InvariantCulture)], "{0} holds exactly the init", procs);
        }
        var memory = directories.Single(d => d.StartsWith("/sys/fs/cgroup/memory/", StringComparison.Ordinal) || File.Exists(Path.Combine(d, "memory.max")));
        var limitFile = File.Exists(Path.Combine(memory, "memory.limit_in_bytes")) ? "memory.limit_in_bytes" : "memory.max";
        File.ReadAllText(Path.Combine(memory, limitFile)).Trim().Should().Be("67108864");
        var pids = directories.First(d => File.Exists(Path.Combine(d, "pids.max")));
        File.ReadAllText(Path.Combine(pids, "pids.max")).Trim().Should().Be("123");

        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void CreatedInitHasTheContainersMountTableAndNamespaces()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();

        var (id, pid) = Create();

        var mountPoints = Host.MountPoints(pid);
        mountPoints.Should().Contain(["/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/proc/sys"]);
        mountPoints.Should().NotContain(m => m.Contains("ocirt-it-"), "the init has pivoted into the rootfs: no host path is visible");
        foreach (var ns in new[] { "pid", "net", "ipc", "uts", "mnt" })
            Host.NamespaceInode($"/proc/{pid}/ns/{ns}").Should().NotBe(Host.NamespaceInode($"/proc/self/ns/{ns}"), "{0} is a new namespace", ns);
        foreach (var ns in new[] { "user", "cgroup" })
            Host.NamespaceInode($"/proc/{pid}/ns/{ns}").Should().Be(Host.NamespaceInode($"/proc/self/ns/{ns}"), "{0} is not in the config", ns);
        File.ReadAllText($"/proc/{pid}/status").Should().Contain("NSpid:\t" + pid + "\t1", "the init is pid 1 of its namespace");
        _bundle.MountsUnderSandbox().Should().BeEmpty("the container's mounts never reach the host's mount namespace");

        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void PidFileIsWrittenBeforeCreateReturns()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var pidFile = Path.Combine(_bundle.Sandbox.Directory, "init.pid");

        var (id, pid) = Create("--pid-file", pidFile);

        File.ReadAllText(pidFile).Should().Be(pid.ToString(CultureInfo.InvariantCulture), "runc writes the decimal pid, no newline");
        Directory.GetFiles(_bundle.Sandbox.Directory, ".init.pid*").Should().BeEmpty("no temporary file is left");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    public void RunExitsWithTheProcessExitCode(string script, int expected)
    {
        _bundle.Shell(script);
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(expected, run.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunOfAProcessKilledByASignalExitsWith128PlusTheSignal()
    {
        // Without a PID namespace of its own the shell is not an init, so its own SIGTERM kills it.
        _bundle.RemoveNamespace("pid");
        _bundle.Shell("kill -TERM $$; sleep 5");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(128 + 15, run.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunPassesTheContainersStdoutAndStderr()
    {
        _bundle.Shell("echo to-stdout; echo to-stderr >&2");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("to-stdout\n");
        run.Stderr.Should().Be("to-stderr\n");
    }

    [Fact]
    public void RunDetachedReturnsWhileTheContainerRuns()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        var state = _bundle.State(id);
        ((string?)state["status"]).Should().Be("running");
        var pid = (int)state["pid"]!;
        WaitFor(() => File.ReadAllText($"/proc/{pid}/cmdline") == "sleep\0600\0", "the detached container runs its process");

        var delete = _bundle.Ocirt("delete", "--force", id);
        delete.ExitCode.Should().Be(0, delete.ToString());
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void DuplicateIdIsRefusedAndTheRunningContainerIsUntouched()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var pid = (int)_bundle.State(id)["pid"]!;
        var cgroups = Host.CgroupDirectoriesOf(id);

        var again = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        LogLines.ExpectTextError(again.AsRunResult()).Should().Contain($"container \"{id}\" already exists");
        Host.IsAlive(pid).Should().BeTrue();
        ((string?)_bundle.State(id)["status"]).Should().Be("running");
        Host.CgroupDirectoriesOf(id).Should().Equal(cgroups, "the refused create must not remove the running container's cgroups");
        File.ReadAllLines($"/proc/{pid}/cgroup").Should().OnlyContain(l => l.EndsWith("/" + id, StringComparison.Ordinal));

        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void DeleteForceOfARunningContainerKillsItAndRemovesEverything()
    {
        _bundle.Shell("sleep 600 & sleep 600 & exec sleep 600");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        WaitFor(() => Host.ProcessesInCgroupsOf(id).Count == 3, "three sleeps run");

        var delete = _bundle.Ocirt("delete", "--force", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void DeleteForceKillsEveryProcessOfAContainerWithoutItsOwnPidNamespace()
    {
        // runc kills every process in the container's cgroup when the container shares a PID
        // namespace: killing the init alone leaves the others running and the cgroup busy.
        _bundle.RemoveNamespace("pid");
        _bundle.Shell("sleep 600 & exec sleep 601");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        WaitFor(() => Host.ProcessesInCgroupsOf(id).Count == 2, "two sleeps run");

        var delete = _bundle.Ocirt("delete", "--force", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void DeleteOfACreatedContainerKillsTheWaitingInit()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var (id, pid) = Create();

        var delete = _bundle.Ocirt("delete", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ContainerThatExitsIsStoppedAndDeletable()
    {
        _bundle.SetArgs("true");
        _bundle.Save();
        var (id, pid) = Create();

        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        ((string?)_bundle.State(id)["status"]).Should().Be("stopped");
        var startAgain = _bundle.Ocirt("start", id);
        startAgain.ExitCode.Should().Be(1, "a container starts once:\n{0}", startAgain);

        _bundle.Ocirt("delete", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    internal static void WaitFor(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            try
            {
                if (condition())
                    return;
            }
            catch (IOException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out after {seconds} s waiting until {what}");
            Thread.Sleep(20);
        }
    }
}
