using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux.Setup;

/// <summary>The syscalls a setup program may make; printed by their lower-case names.</summary>
public enum Sys
{
    Read, Write, Close, Ioctl, Setsid, Setgroups, Setresuid, Setresgid, Capset, Personality,
    PivotRoot, Prctl, Chroot, Mount, Umount2, Sethostname, Setdomainname, Fcntl, Chdir, Fchdir,
    Umask, SchedSetaffinity, IoprioSet, Openat, Mkdirat, Mknodat, Fchownat, Newfstatat, Symlinkat,
    Fchmodat, Unshare, Dup3, Setns, SchedSetattr, Seccomp, CloseRange, Openat2, MountSetattr, Kill,
    MoveMount, Statx, ExitGroup, Socket,
}

/// <summary>
/// Syscall numbers per architecture, the one place they live (read off the kernel's
/// asm/unistd_64.h and asm-generic/unistd.h). Numbers from 424 up are shared by all.
/// </summary>
public static class SyscallNumbers
{
    private static readonly long[] X64 =
    [
        0, 1, 3, 16, 112, 116, 117, 119, 126, 135,
        155, 157, 161, 165, 166, 170, 171, 72, 80, 81,
        95, 203, 251, 257, 258, 259, 260, 262, 266,
        268, 272, 292, 308, 314, 317, 436, 437, 442, 62,
        429, 332, 231, 41,
    ];

    private static readonly long[] Arm64 =
    [
        63, 64, 57, 29, 157, 159, 147, 149, 91, 92,
        41, 167, 51, 40, 39, 161, 162, 25, 49, 50,
        166, 122, 30, 56, 34, 33, 54, 79, 36,
        53, 97, 24, 268, 274, 277, 436, 437, 442, 129,
        429, 291, 94, 198,
    ];

    private static readonly long[] Native = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 => Arm64,
        var other => throw new PlatformNotSupportedException($"ocirt has no syscall table for {other}"),
    };

    public static long Of(Sys call) => Native[(int)call];

    public static string NameOf(Sys call) => call switch
    {
        Sys.PivotRoot => "pivot_root",
        Sys.SchedSetaffinity => "sched_setaffinity",
        Sys.IoprioSet => "ioprio_set",
        Sys.SchedSetattr => "sched_setattr",
        Sys.CloseRange => "close_range",
        Sys.MountSetattr => "mount_setattr",
        Sys.MoveMount => "move_mount",
        Sys.ExitGroup => "exit_group",
        _ => call.ToString().ToLowerInvariant(),
    };
}
