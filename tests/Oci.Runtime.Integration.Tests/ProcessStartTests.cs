using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// The last steps before the container's process runs, as runc takes them: a failed execve
/// told on the process's stderr (`exec /run.sh: no such file or directory`, status 1), exec
/// failing with 255 when its process could not be started, the executable check with the
/// process's effective credentials, and a seccomp profile that answers ENOSYS.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class ProcessStartTests : IDisposable
{
    private const string RuncExecFailure = "exec /run.sh: no such file or directory\n";
    private readonly ContainerBundle _bundle = new();

    public ProcessStartTests()
    {
        // A script whose interpreter is missing: the lookup finds it, execve answers ENOENT.
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "run.sh"), "#!/nonexistent\necho hi\n");
        File.SetUnixFileMode(Path.Combine(_bundle.Rootfs, "run.sh"), (UnixFileMode)0x1ed);
    }

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void RunTellsAFailedExecveOnStderrInRuncsWords()
    {
        _bundle.SetArgs("/run.sh");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.Stderr.Should().Be(RuncExecFailure, run.ToString());
        run.ExitCode.Should().Be(1, "runc's init exits 1 when its execve fails");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void StartLetsTheInitTellAFailedExecveOnCreatesStderr()
    {
        _bundle.SetArgs("/run.sh");
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        create.ExitCode.Should().Be(0, create.ToString());
        var start = _bundle.Ocirt("start", id);

        start.ExitCode.Should().Be(0, start.ToString());
        var pid = (int)_bundle.State(id)["pid"]!;
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        // The init inherited create's stderr (the first run of this bundle).
        File.ReadAllText(Path.Combine(_bundle.Sandbox.Directory, "stderr.1")).Should().Be(RuncExecFailure);
        ((string?)_bundle.State(id)["status"]).Should().Be("stopped");
        _bundle.Ocirt("delete", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ExecTellsAFailedExecveAndExits255WhenTheProcessCouldNotStart()
    {
        _bundle.SetArgs("sleep", "60");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);

        var failedExecve = _bundle.Ocirt("exec", id, "/run.sh");
        var notFound = _bundle.Ocirt("exec", id, "/nonexistent");

        failedExecve.Stderr.Should().Be(RuncExecFailure, "the process's own failure, as runc's exec shows it:\n{0}", failedExecve);
        failedExecve.ExitCode.Should().Be(1);
        LogLines.ExpectTextError(notFound.AsRunResult(), exitCode: 255)
            .Should().Be("exec failed: process.args[0]: \"/nonexistent\": exec: \"/nonexistent\": stat /nonexistent: no such file or directory");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void TheExecutableCheckCountsTheProcesssCapabilities()
    {
        // Executable by its owner (root) only: uid 1000 may run it with CAP_DAC_OVERRIDE, as under runc.
        var bin = Path.Combine(_bundle.Rootfs, "owner-only");
        Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        File.SetUnixFileMode(Path.Combine(bin, "busybox"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(bin, "id"), "busybox");
        _bundle.Process["user"]!["uid"] = 1000;
        var capabilities = _bundle.Process["capabilities"]!.AsObject();
        foreach (var set in new[] { "bounding", "effective", "permitted" })
            ((JsonArray)(capabilities[set] ??= new JsonArray())).Add(JsonValue.Create("CAP_DAC_OVERRIDE"));
        _bundle.SetArgs("/owner-only/id", "-u");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("1000\n");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void AProfileAnsweringEnosysForTheNewSyscallsStillStartsTheContainer()
    {
        UseEnosysProfile();
        _bundle.Process["cwd"] = "/tmp";
        _bundle.Shell("pwd; ls /proc/self/fd | tr '\\n' ' '");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        // fd 3 is ls's own directory fd: nothing of ocirt's reached the process.
        run.Stdout.Should().Be("/tmp\n0 1 2 3 ");
        _bundle.AssertNoLeaks(id);
    }

    // The first try at the cwd comes before any filter, so a profile that refuses openat2 does
    // not get it to the plain-chdir fallback: the magic link is refused outright.
    [Fact]
    public void ACwdThroughAMagicLinkIsRefusedUnderAProfileThatRefusesOpenat2()
    {
        // CVE-2024-21626: a directory fd of the host's handed in, and a cwd through its magic link.
        UseEnosysProfile();
        _bundle.Process["cwd"] = "/proc/self/fd/3";
        _bundle.Save();
        var outside = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, "outside")).FullName;
        var id = _bundle.NewId();

        var run = Host.Execute("/bin/sh", "-c", "exec 3<\"$1\"; shift; exec \"$@\"", "sh", outside,
            RepoPaths.Binary, "--root", _bundle.Sandbox.Root, "run", "--preserve-fds", "1", "--bundle", _bundle.Bundle, id);

        LogLines.ExpectTextError(run).Should().Be(
            "chdir to cwd (\"/proc/self/fd/3\") set in config.json failed: too many levels of symbolic links");
        _bundle.AssertNoLeaks(id);
    }

    /// <summary>Without no_new_privs the filter is loaded before the cwd and the fds are dealt with.</summary>
    private void UseEnosysProfile()
    {
        _bundle.Process["noNewPrivileges"] = false;
        _bundle.Linux["seccomp"] = JsonNode.Parse("""
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
              {"names": ["openat2", "close_range", "open_tree", "mount_setattr", "faccessat2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
            """);
    }
}
