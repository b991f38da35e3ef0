using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// CVE-2016-9962 class: `--preserve-fds N` passes the caller's fds 3..3+N-1, and only those. When
/// the caller had them closed, ocirt's own fds (/dev/urandom, the state directory, through which
/// `/proc/self/fd/4/../../..` is the host's root) sat at those numbers and reached the container.
/// Checked from inside: what each fd of the range links to.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class CallerFdTests : IDisposable
{
    private const string ShowFds = "for f in 3 4; do echo \"$f $(readlink /proc/self/fd/$f)\"; done";
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void RunPassesNothingOfOcirtsWhereTheCallerHadItsFdsClosed()
    {
        _bundle.Shell(ShowFds);
        _bundle.Save();
        var id = _bundle.NewId();

        var run = Caller("exec 3<&- 4<&-", "run", "--preserve-fds", "2", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("3 \n4 \n", "fds 3 and 4 were closed in the caller: " + run);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunPassesTheCallersOwnFds()
    {
        _bundle.Shell(ShowFds);
        _bundle.Save();
        var first = Path.Combine(_bundle.Sandbox.Directory, "first");
        var second = Path.Combine(_bundle.Sandbox.Directory, "second");
        File.WriteAllText(first, "");
        File.WriteAllText(second, "");
        var id = _bundle.NewId();

        var run = Caller($"exec 3<{first} 4<{second}", "run", "--preserve-fds", "2", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        // The container sees the files by their host paths, not mounted: readlink names them as the caller opened them.
        run.Stdout.Should().Be($"3 {first}\n4 {second}\n", run.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunPassesOnlyTheOpenOnesOfAPartlyClosedRange()
    {
        _bundle.Shell(ShowFds);
        _bundle.Save();
        var first = Path.Combine(_bundle.Sandbox.Directory, "first");
        File.WriteAllText(first, "");
        var id = _bundle.NewId();

        var run = Caller($"exec 3<{first} 4<&-", "run", "--preserve-fds", "2", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"3 {first}\n4 \n", run.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ExecPassesNothingOfOcirtsWhereTheCallerHadItsFdsClosed()
    {
        _bundle.SetArgs("/bin/sleep", "60");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);

        var exec = Caller("exec 3<&- 4<&-", "exec", "--preserve-fds", "2", id, "/bin/sh", "-c", ShowFds);

        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Should().Be("3 \n4 \n", exec.ToString());
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunPassesSocketActivationFdsMeantForOcirtAndSaysSoInTheEnvironment()
    {
        _bundle.Shell(ShowFds + "; echo \"$LISTEN_FDS $LISTEN_PID\"");
        _bundle.Save();
        var first = Path.Combine(_bundle.Sandbox.Directory, "first");
        File.WriteAllText(first, "");
        var id = _bundle.NewId();

        // $$ is the shell that execs into ocirt: LISTEN_PID names ocirt itself, as systemd sets it.
        var run = Caller($"exec 3<{first}; export LISTEN_FDS=1 LISTEN_PID=$$", "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"3 {first}\n4 \n1 1\n", run.ToString());
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void RunIgnoresALISTEN_FDSInheritedFromAnotherProcess()
    {
        _bundle.Shell(ShowFds + "; echo \"[$LISTEN_FDS]\"");
        _bundle.Save();
        var first = Path.Combine(_bundle.Sandbox.Directory, "first");
        File.WriteAllText(first, "");
        var id = _bundle.NewId();

        // LISTEN_PID names the shell's parent: the fds were systemd's gift to someone else.
        var run = Caller($"exec 3<{first}; export LISTEN_FDS=1 LISTEN_PID=$PPID", "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("3 \n4 \n[]\n", "fd 3 is not ocirt's to pass: " + run);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ExecPassesNoSocketActivationFdsAsRuncDoes()
    {
        _bundle.SetArgs("/bin/sleep", "60");
        _bundle.Save();
        var first = Path.Combine(_bundle.Sandbox.Directory, "first");
        File.WriteAllText(first, "");
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);

        var exec = Caller($"exec 3<{first}; export LISTEN_FDS=1 LISTEN_PID=$$", "exec", id, "/bin/sh", "-c", ShowFds);

        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Should().Be("3 \n4 \n", exec.ToString());
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    /// <summary>ocirt started by a shell that first sets up its fds 3 and 4 as the script says.</summary>
    private RunResult Caller(string fdScript, params string[] verbAndArgs) =>
        Host.Execute("/bin/sh", ["-c", fdScript + "; exec \"$@\"", "sh", RepoPaths.Binary, "--root", _bundle.Sandbox.Root, .. verbAndArgs]);
}
