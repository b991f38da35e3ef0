using System.Net.Sockets;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// The container's pty as runc sets it up: ONLCR cleared (a "\n" the process writes reaches the
/// other end as "\n", not "\r\n") and owned by the process's uid with devpts's group (tty, 5
/// in runc's spec), for run and exec, over a console socket or proxied by ocirt.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class TerminalTests : IDisposable
{
    private const string Script = "echo a; echo b; stat -c 'owner=%u:%g' $(tty)";
    private const string Expected = "a\nb\nowner=1000:5\n";
    private readonly ContainerBundle _bundle = new();

    public TerminalTests()
    {
        _bundle.Process["terminal"] = true;
        _bundle.Process["user"]!["uid"] = 1000;
        _bundle.Shell(Script);
        _bundle.Save();
    }

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void RunProxiedHasNoCarriageReturnsAndThePtyIsTheUsers()
    {
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be(Expected, "runc clears ONLCR and gives the pty to the process's uid");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void CreateWithAConsoleSocketHasNoCarriageReturnsAndThePtyIsTheUsers()
    {
        var id = _bundle.NewId();
        var output = ThroughConsoleSocket(socket => _bundle.Ocirt("create", "--bundle", _bundle.Bundle, "--console-socket", socket, id),
            () => _bundle.Ocirt("start", id).ExitCode.Should().Be(0));

        output.Should().Be(Expected);
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ExecProxiedAndWithAConsoleSocketHaveNoCarriageReturnsAndThePtyIsTheUsers()
    {
        _bundle.Process["terminal"] = false;
        _bundle.Process["user"]!["uid"] = 0;
        _bundle.SetArgs("sleep", "60");
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("run", "-d", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);

        var proxied = _bundle.Ocirt("exec", "-t", "--user", "1000", id, "sh", "-c", Script);
        var overSocket = ThroughConsoleSocket(socket => _bundle.Ocirt("exec", "-t", "-d", "--user", "1000", "--console-socket", socket, id, "sh", "-c", Script),
            () => { });

        proxied.ExitCode.Should().Be(0, proxied.ToString());
        proxied.Stdout.Should().Be(Expected);
        overSocket.Should().Be(Expected);
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    /// <summary>Runs <paramref name="launch"/> with a console socket, then <paramref name="then"/>, and returns what the pty master carried.</summary>
    private string ThroughConsoleSocket(Func<string, CliRun> launch, Action then)
    {
        var socketPath = Path.Combine(_bundle.Sandbox.Directory, $"console-{Guid.NewGuid().ToString("N")[..8]}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var master = -1;
        var receiver = new Thread(() =>
        {
            try
            {
                using var connection = listener.Accept();
                master = ConsoleFd.Receive((int)connection.Handle);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }
        }) { IsBackground = true };
        receiver.Start();

        var launched = launch(socketPath);

        launched.ExitCode.Should().Be(0, launched.ToString());
        receiver.Join(TimeSpan.FromSeconds(10)).Should().BeTrue("the pty master arrives while the process is set up");
        master.Should().BeGreaterThan(2);
        try
        {
            then();
            return ConsoleFd.ReadAll(master, TimeSpan.FromSeconds(10));
        }
        finally
        {
            ConsoleFd.Close(master);
        }
    }
}
