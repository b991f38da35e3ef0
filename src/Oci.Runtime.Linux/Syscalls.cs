using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux;

/// <summary>
/// Raw syscalls the parent makes. Each returns the kernel's result: a non-negative value, or
/// -errno, so callers branch on errno without racing the runtime for the thread's errno.
/// Numbers from 424 on are shared by every architecture, so they need no per-arch table.
/// </summary>
internal static unsafe partial class Syscalls
{
    private const long SysPidfdSendSignal = 424;
    private const long SysOpenTree = 428;
    private const long SysPidfdOpen = 434;

    public const int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    public const int P_PIDFD = 3, WEXITED = 4, WNOHANG = 1;
    public const short POLLIN = 1, POLLHUP = 0x10;

    public static long PidfdOpen(int pid) => Checked(Syscall(SysPidfdOpen, pid, 0, 0, 0));

    public const long AT_FDCWD = -100, OPEN_TREE_CLONE = 1, OPEN_TREE_CLOEXEC = 0x80000, AT_RECURSIVE = 0x8000;

    /// <summary>open_tree(AT_FDCWD, path, flags): with OPEN_TREE_CLONE, a detached copy of the mount (tree) at path.</summary>
    public static long OpenTree(string path, long flags) => Checked(SyscallWithPath(SysOpenTree, AT_FDCWD, path, flags));

    private const long SysMountSetattr = 442;
    private const long MOUNT_ATTR_IDMAP = 0x00100000, AT_EMPTY_PATH = 0x1000;

    /// <summary>mount_setattr(tree, "", AT_EMPTY_PATH, {attr_set = MOUNT_ATTR_IDMAP, userns_fd}): idmaps a detached mount (tree) by a user namespace.</summary>
    public static long IdmapTree(int treeFd, int userNamespaceFd, bool recursive)
    {
        var attr = stackalloc ulong[4];
        attr[0] = MOUNT_ATTR_IDMAP;
        attr[1] = 0;
        attr[2] = 0;
        attr[3] = (ulong)userNamespaceFd;
        byte empty = 0;
        return Checked(Syscall5(SysMountSetattr, treeFd, (long)&empty, AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), (long)attr, 4 * sizeof(ulong)));
    }

    public static long PidfdSendSignal(int pidfd, int signal) => Checked(Syscall(SysPidfdSendSignal, pidfd, signal, 0, 0));

    public static long Kill(int pid, int signal) => Checked(KillNative(pid, signal));

    public static void Close(int fd) => CloseNative(fd);

    public static long SocketPair(int type, out int first, out int second)
    {
        var fds = stackalloc int[2];
        var result = Checked(SocketPairNative(AF_UNIX, type | SOCK_CLOEXEC, 0, fds));
        first = fds[0];
        second = fds[1];
        return result;
    }

    public static long Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
            return Checked(ReadNative(fd, p, (nuint)buffer.Length));
    }

    public static long Write(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
            return Checked(WriteNative(fd, p, (nuint)buffer.Length));
    }

    /// <summary>pipe2(O_CLOEXEC): the child's copies are placed by dup3 in its program, the rest close on exec.</summary>
    public static long Pipe(out int readEnd, out int writeEnd)
    {
        var fds = stackalloc int[2];
        var result = Checked(Pipe2Native(fds, 0x80000));
        readEnd = fds[0];
        writeEnd = fds[1];
        return result;
    }

    public static long Open(string path, int flags, int mode = 0) => Checked(OpenNative(path, flags, mode));

    /// <summary>recvmsg with MSG_CMSG_CLOEXEC: an fd the child sends must not leak into anything ocirt spawns later.</summary>
    public static long RecvMsg(int fd, nint* message) => Checked(RecvMsgNative(fd, message, 0x40000000));

    /// <summary>sendmsg (no SIGPIPE: MSG_NOSIGNAL), for handing a listener its fd.</summary>
    public static long SendMsg(int fd, nint* message) => Checked(SendMsgNative(fd, message, 0x4000));

    /// <summary>umount2(path, flags).</summary>
    public static long Umount2(string path, int flags) => Checked(Umount2Native(path, flags));

    public static long MakeFifo(string path, int mode) => Checked(MkfifoNative(path, mode));

    public static long Rename(string from, string to) => Checked(RenameNative(from, to));

    public static long Unlink(string path) => Checked(UnlinkNative(path));

    /// <summary>Waits for one fd to become readable (or hung up); 0 on timeout.</summary>
    public static long Poll(int fd, short events, int timeoutMilliseconds)
    {
        var entry = stackalloc short[4];
        *(int*)entry = fd;
        entry[2] = events;
        entry[3] = 0;
        return Checked(PollNative(entry, 1, timeoutMilliseconds));
    }

    /// <summary>waitid(P_PIDFD): the exit status (code, or 128+signal) of a child, without reaping anyone else.</summary>
    public static long WaitPidfd(int pidfd, int options, out int status)
    {
        var info = stackalloc byte[128];
        new Span<byte>(info, 128).Clear();
        var result = Checked(WaitidNative(P_PIDFD, pidfd, info, WEXITED | options, null));
        // siginfo_t: si_signo, si_errno, si_code, then si_pid, si_uid, si_status.
        var code = *(int*)(info + 8);
        var value = *(int*)(info + 24);
        status = code == 1 ? value : 128 + value; // CLD_EXITED = 1; killed or dumped: 128 + signal
        if (result >= 0 && *(int*)(info + 16) == 0)
            return 0; // WNOHANG and still running
        return result >= 0 ? 1 : result;
    }

    public static long PrLimit(int pid, int resource, ulong soft, ulong hard)
    {
        var limits = stackalloc ulong[2];
        limits[0] = soft;
        limits[1] = hard;
        return Checked(PrlimitNative(pid, resource, limits, null));
    }

    public static long Prctl(int option, ulong value) => Checked(PrctlNative(option, value, 0, 0, 0));

    public static long Connect(int fd, string path)
    {
        var address = stackalloc byte[110];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= 108)
            return -36; // ENAMETOOLONG
        bytes.CopyTo(new Span<byte>(address + 2, 108));
        return Checked(ConnectNative(fd, address, (uint)(2 + bytes.Length + 1)));
    }

    public static long Socket(int type) => Checked(SocketNative(AF_UNIX, type | SOCK_CLOEXEC, 0));

    private static long Checked(long result) => result < 0 ? -Marshal.GetLastPInvokeError() : result;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall5(long number, long a1, long a2, long a3, long a4, long a5);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallWithPath(long number, long dirFd, string path, long flags);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPairNative(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketNative(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectNative(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsgNative(int fd, nint* message, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsgNative(int fd, nint* message, int flags);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2Native(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkfifoNative(string path, int mode);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkNative(string path);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollNative(short* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitidNative(int idType, int id, byte* info, int options, void* usage);

    [LibraryImport("libc", EntryPoint = "prlimit", SetLastError = true)]
    private static partial int PrlimitNative(int pid, int resource, ulong* newLimit, ulong* oldLimit);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int PrctlNative(int option, ulong a2, ulong a3, ulong a4, ulong a5);
}
