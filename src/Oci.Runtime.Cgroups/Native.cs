using System.Runtime.InteropServices;

namespace Oci.Runtime.Cgroups;

/// <summary>The few libc calls the cgroup code needs, with their errno kept.</summary>
internal static partial class Native
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rmdir(string path);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>bpf(2)'s number. ocirt keeps its syscall numbers in one table,
    /// src/Oci.Runtime.Linux/Setup/Sys.cs (SyscallNumbers), which this project cannot
    /// reference; this is the one the cgroup code needs (asm/unistd_64.h, asm-generic/unistd.h).</summary>
    private static readonly long SysBpf = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 => 280,
        var other => throw new PlatformNotSupportedException($"ocirt has no bpf(2) number for {other}"),
    };

    /// <summary>bpf(cmd, attr, size): glibc has no wrapper, so through syscall(2).</summary>
    public static unsafe int Bpf(int command, void* attr, int size) => (int)Syscall(SysBpf, command, (nint)attr, size);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3);
}
