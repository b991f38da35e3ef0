using System.Runtime.InteropServices;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// A terminal for a foreground `run` or `exec` without --console-socket: ocirt plays the
/// console socket's receiver itself (a socketpair whose other end the child sends the pty
/// master over), then copies its own stdin to the pty and the pty to its stdout, with its
/// terminal in raw mode and the window size passed on, as runc does.
/// </summary>
public sealed unsafe partial class ConsoleProxy : IDisposable
{
    private const int TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, TCGETS = 0x5401, TCSETS = 0x5402;
    private readonly int _receiver;
    private int _childEnd;
    private int _master = -1;
    private byte[]? _savedTermios;

    private ConsoleProxy(int receiver, int childEnd)
    {
        _receiver = receiver;
        _childEnd = childEnd;
    }

    /// <summary>The fd to hand the child as its console socket.</summary>
    public int ChildEnd => _childEnd;

    public static ConsoleProxy Create()
    {
        var created = Syscalls.SocketPair(Syscalls.SOCK_STREAM, out var receiver, out var childEnd);
        if (created < 0)
            throw new OcirtException($"console: socketpair: {Errno.Describe((int)-created)}");
        return new ConsoleProxy(receiver, childEnd);
    }

    /// <summary>Takes the pty master the child sent, and starts copying in both directions.</summary>
    public void Start()
    {
        Syscalls.Close(_childEnd);
        _childEnd = -1;
        _master = ReceiveFd(_receiver);
        CopyWindowSize();
        _savedTermios = MakeRaw(0);
        new Thread(() => Copy(0, _master)) { IsBackground = true, Name = "console stdin" }.Start();
        new Thread(() => Copy(_master, 1)) { IsBackground = true, Name = "console stdout" }.Start();
    }

    /// <summary>SIGWINCH: the caller's terminal changed size.</summary>
    public void CopyWindowSize()
    {
        if (_master < 0)
            return;
        var size = stackalloc ushort[4];
        if (Ioctl(0, TIOCGWINSZ, size) == 0)
            Ioctl(_master, TIOCSWINSZ, size);
    }

    /// <summary>Lets the copy from the pty drain what the process wrote before it exited.</summary>
    public void Drain()
    {
        if (_master < 0)
            return;
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (Syscalls.Poll(_master, Syscalls.POLLIN, 20) > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(5);
    }

    private static void Copy(int from, int to)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var n = Syscalls.Read(from, buffer);
            if (n == -Errno.EINTR)
                continue;
            if (n <= 0)
                return; // EOF, or EIO once the pty's last process is gone
            var written = 0;
            while (written < n)
            {
                var w = Syscalls.Write(to, buffer.AsSpan(written, (int)n - written));
                if (w < 0 && w != -Errno.EINTR)
                    return;
                if (w > 0)
                    written += (int)w;
            }
        }
    }

    /// <summary>Raw mode on a terminal (cfmakeraw's flags); returns the settings to restore, or null if it is no terminal.</summary>
    private static byte[]? MakeRaw(int fd)
    {
        // struct termios: c_iflag, c_oflag, c_cflag, c_lflag (u32 each), c_line, c_cc[32], speeds.
        var saved = new byte[60];
        fixed (byte* p = saved)
        {
            if (Ioctl(fd, TCGETS, p) != 0)
                return null;
        }
        var raw = (byte[])saved.Clone();
        fixed (byte* p = raw)
        {
            var flags = (uint*)p;
            flags[0] &= ~0x5EBu;  // IGNBRK|BRKINT|PARMRK|ISTRIP|INLCR|IGNCR|ICRNL|IXON
            flags[1] &= ~0x1u;    // OPOST
            flags[3] &= ~0x804Bu; // ECHO|ECHONL|ICANON|ISIG|IEXTEN
            flags[2] = (flags[2] & ~0x130u) | 0x30u; // CSIZE|PARENB cleared, CS8
            Ioctl(fd, TCSETS, p);
        }
        return saved;
    }

    private static int ReceiveFd(int socket)
    {
        // The init sends a small message with the master attached; its bytes do not matter here.
        Span<byte> data = stackalloc byte[16];
        var n = UnixRights.Receive(socket, data, out var fd);
        if (n <= 0 || fd < 0)
            throw new OcirtException("console: the container's init sent no pty master");
        return fd;
    }

    public void Dispose()
    {
        if (_savedTermios is { } saved)
        {
            fixed (byte* p = saved)
                Ioctl(0, TCSETS, p);
        }
        foreach (var fd in new[] { _receiver, _childEnd, _master })
        {
            if (fd >= 0)
                Syscalls.Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl")]
    private static partial int Ioctl(int fd, ulong request, void* argument);
}
