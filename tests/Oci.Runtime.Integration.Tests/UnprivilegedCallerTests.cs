using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// I/O that fails reads as runc's errors do, with the operation, the path and the errno in
/// words, never a .NET text: a caller that may not read another user's state (rootless podman
/// pointed at root's --root got "Access to the path … is denied."), a log file, a pid file and a
/// console socket that cannot be used.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class UnprivilegedCallerTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private CliRun AsNobody(params string[] args)
    {
        var run = Infrastructure.Ocirt.Execute("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", RepoPaths.Binary, "--root", _bundle.Sandbox.Root, .. args], null, TimeSpan.FromSeconds(30));
        return new CliRun(args, run.ExitCode, run.Stdout, run.Stderr, TimeSpan.Zero);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("delete")]
    [InlineData("ps")]
    [InlineData("exec")]
    public void AnotherUsersContainerIsNamedWithTheErrnoNotSaidToBeMissing(string verb)
    {
        var id = _bundle.NewId();
        _bundle.Shell("sleep 1000");
        _bundle.Save();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        File.SetUnixFileMode(_bundle.Sandbox.Directory, (UnixFileMode)0x1ed); // 0755: nobody may reach the root
        File.SetUnixFileMode(_bundle.Sandbox.Root, (UnixFileMode)0x1c9);      // 0711, as containerd makes it

        var run = AsNobody(verb == "exec" ? [verb, id, "true"] : [verb, id]);

        run.ExitCode.Should().NotBe(0, run.ToString());
        var stateFile = Path.Combine(_bundle.Sandbox.Root, id, "state.json");
        run.Stderr.Should().Match(e => e.Contains($"open {stateFile}: permission denied") || e.Contains($"lock {Path.Combine(_bundle.Sandbox.Root, id)}: open: permission denied"))
            .And.NotContain("does not exist").And.NotContain("Access to the path");
        _bundle.State(id)["status"]!.GetValue<string>().Should().Be("running", "nothing was done to it");
    }

    [Fact]
    public void APidFileThatCannotBeWrittenFailsCreateAndLeavesNothing()
    {
        var id = _bundle.NewId();
        _bundle.Shell("sleep 1000");
        _bundle.Save();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, "--pid-file", "/sys/ocirt-it-pid", id);

        create.ExitCode.Should().Be(1, create.ToString());
        create.Stderr.Should().Contain("open /sys/ocirt-it-pid: permission denied").And.NotContain("Access to the path");
        _bundle.AssertNoLeaks();
    }

    [Theory]
    [InlineData("missing.sock", "no such file or directory")]
    [InlineData("plain-file", "connection refused")]
    public void AConsoleSocketThatCannotBeReachedFailsCreateAndLeavesNothing(string name, string errno)
    {
        var id = _bundle.NewId();
        var socket = Path.Combine(_bundle.Sandbox.Directory, name);
        if (name == "plain-file")
            File.WriteAllText(socket, "");
        _bundle.Process["terminal"] = true;
        _bundle.Shell("sleep 1000");
        _bundle.Save();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, "--console-socket", socket, id);

        create.ExitCode.Should().Be(1, create.ToString());
        create.Stderr.Should().Contain($"--console-socket: connect to \\\"{socket}\\\": {errno}");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void ALogFileTheCallerMayNotWriteFailsUpFront()
    {
        var log = Path.Combine(_bundle.Sandbox.Directory, "root-only.log");
        File.WriteAllText(log, "");
        File.SetUnixFileMode(log, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(_bundle.Sandbox.Directory, (UnixFileMode)0x1ed);

        var run = AsNobody("--log", log, "list");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain($"open {log}: permission denied").And.NotContain("Access to the path");
    }
}
