using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// SCMP_ACT_NOTIFY: the listener at linux.seccomp.listenerPath gets the container's process state
/// with the notify fd, and its answers are what the container's syscalls return.
/// </summary>
[Collection(RealContainers.Name)]
public sealed unsafe class ExecutorSeccompNotifyTests : IDisposable
{
    private const ulong NotifRecv = 0xC0502100, NotifSend = 0xC0182101;
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void TheListenerGetsTheFdAndAnswersTheContainersMkdir()
    {
        var socketPath = Path.Combine(_bundle.Sandbox.Directory, "listener.sock");
        _bundle.Config["root"]!["readonly"] = false;
        _bundle.Linux["seccomp"] = JsonNode.Parse($$"""
            {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "{{socketPath}}", "listenerMetadata": "from-the-test",
             "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}
            """);
        _bundle.Shell("mkdir /made; echo mkdir=$?; [ -d /made ] && echo exists || echo absent");
        _bundle.Save();
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        string? state = null;
        var notified = new List<int>();
        var thread = new Thread(() =>
        {
            using var connection = listener.Accept();
            var (json, fd) = ReceiveStateAndFd((int)connection.Handle);
            state = json;
            // Every notification is answered "success, 0" without doing anything.
            var request = stackalloc byte[80];
            var response = stackalloc byte[24];
            while (true)
            {
                new Span<byte>(request, 80).Clear();
                if (ioctl(fd, NotifRecv, request) != 0)
                    break; // ENOENT: the filtered processes are gone
                notified.Add(*(int*)(request + 16));
                new Span<byte>(response, 24).Clear();
                *(ulong*)response = *(ulong*)request;
                ioctl(fd, NotifSend, response);
            }
            close(fd);
        }) { IsBackground = true };
        thread.Start();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("mkdir=0").And.Contain("absent", "the listener said yes without making the directory");
        thread.Join(TimeSpan.FromSeconds(10)).Should().BeTrue();
        using var document = JsonDocument.Parse(state!);
        document.RootElement.GetProperty("fds").EnumerateArray().Select(f => f.GetString()).Should().Equal("seccompFd");
        document.RootElement.GetProperty("metadata").GetString().Should().Be("from-the-test");
        document.RootElement.GetProperty("state").GetProperty("id").GetString().Should().Be(id);
        notified.Should().NotBeEmpty().And.OnlyContain(nr => nr == 83 || nr == 258, "mkdir or mkdirat (x86_64)");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ABlockedSyscallReturnsTheConfiguredErrno()
    {
        _bundle.Config["root"]!["readonly"] = false;
        _bundle.Linux["seccomp"] = JsonNode.Parse("""
            {"defaultAction": "SCMP_ACT_ALLOW",
             "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
            """);
        _bundle.Shell("mkdir /made 2>&1; echo mkdir=$?");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Permission denied").And.Contain("mkdir=1");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void KillProcessKillsTheCallerWithSigsys()
    {
        _bundle.Config["root"]!["readonly"] = false;
        _bundle.Linux["seccomp"] = JsonNode.Parse("""
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}]}
            """);
        _bundle.Shell("echo before; exec mkdir /made");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(128 + 31, "SIGSYS killed the process: {0}", run);
        run.Stdout.Should().Contain("before");
        _bundle.AssertNoLeaks(id);
    }

    private static (string Json, int Fd) ReceiveStateAndFd(int socket)
    {
        var data = new byte[65536];
        var control = stackalloc byte[64];
        fixed (byte* buffer = data)
        {
            var iov = stackalloc nint[2];
            iov[0] = (nint)buffer;
            iov[1] = data.Length;
            var message = stackalloc nint[7];
            new Span<nint>(message, 7).Clear();
            message[2] = (nint)iov;
            message[3] = 1;
            message[4] = (nint)control;
            message[5] = 64;
            var n = recvmsg(socket, message, 0);
            if (n <= 0 || *(int*)(control + 8) != 1 || *(int*)(control + 12) != 1)
                throw new IOException($"no state and fd from ocirt (recvmsg {n}, errno {Marshal.GetLastPInvokeError()})");
            return (System.Text.Encoding.UTF8.GetString(data, 0, (int)n), *(int*)(control + 16));
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint recvmsg(int fd, nint* message, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, byte* argument);

    [DllImport("libc")]
    private static extern int close(int fd);
}
