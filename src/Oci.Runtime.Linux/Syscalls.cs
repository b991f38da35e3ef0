using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux;

/// <summary>
/// Raw syscalls the parent makes. Each returns the kernel's result: a non-negative value, or
/// -errno, so callers branch on errno without racing the runtime for the thread's errno.
/// Numbers from 424 on are shared by every architecture, so they need no per-arch table.
/// </summary>
internal static partial class Syscalls
{
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;

    public static long PidfdOpen(int pid) => Checked(Syscall(SysPidfdOpen, pid, 0, 0, 0));

    public static long PidfdSendSignal(int pidfd, int signal) => Checked(Syscall(SysPidfdSendSignal, pidfd, signal, 0, 0));

    public static long Kill(int pid, int signal) => Checked(KillNative(pid, signal));

    public static void Close(int fd) => CloseNative(fd);

    private static long Checked(long result) => result < 0 ? -Marshal.GetLastPInvokeError() : result;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);
}
