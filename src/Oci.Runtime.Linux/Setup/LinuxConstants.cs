using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux.Setup;

/// <summary>Kernel constants the setup programs use, with their names for the listing.</summary>
public static class LinuxConstants
{
    private static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public const int AT_FDCWD = -100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_RECURSIVE = 0x8000;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int MOVE_MOUNT_F_EMPTY_PATH = 0x4, MOVE_MOUNT_T_EMPTY_PATH = 0x40;

    public const long O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOCTTY = 0x100, O_CLOEXEC = 0x80000;
    public const long O_PATH = 0x200000;

    // The two open flags whose values differ between x86_64 and aarch64.
    public static readonly long O_DIRECTORY = IsArm64 ? 0x4000 : 0x10000;
    public static readonly long O_NOFOLLOW = IsArm64 ? 0x8000 : 0x20000;

    public const long RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04;
    public const long RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10;

    public const long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32;
    public const long MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024, MS_NODIRATIME = 2048;
    public const long MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768, MS_UNBINDABLE = 1 << 17;
    public const long MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21;
    public const long MS_I_VERSION = 1 << 23, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;

    public const int MNT_DETACH = 2;

    public const long MOUNT_ATTR_RDONLY = 0x1, MOUNT_ATTR_NOSUID = 0x2, MOUNT_ATTR_NODEV = 0x4, MOUNT_ATTR_NOEXEC = 0x8;
    public const long MOUNT_ATTR__ATIME = 0x70, MOUNT_ATTR_RELATIME = 0x0, MOUNT_ATTR_NOATIME = 0x10, MOUNT_ATTR_STRICTATIME = 0x20;
    public const long MOUNT_ATTR_NODIRATIME = 0x80, MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

    public const long S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;

    public const int PR_SET_DUMPABLE = 4, PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38;
    public const int PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_RAISE = 2;

    public const long F_SETFD = 2, FD_CLOEXEC = 1;
    public const long CLOSE_RANGE_CLOEXEC = 4;

    public const long TIOCSCTTY = 0x540E, TIOCSWINSZ = 0x5414, TIOCGPTPEER = 0x5441, TIOCSPTLCK = 0x40045431;

    public const ulong CLONE_NEWTIME = 0x80, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x02000000;
    public const ulong CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000;
    public const ulong CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    /// <summary>The names of the bits set in <paramref name="value"/>, "A|B", or "0".</summary>
    public static string FlagNames(long value, IReadOnlyList<(long Bit, string Name)> names)
    {
        var parts = new List<string>();
        var rest = value;
        foreach (var (bit, name) in names)
        {
            if (bit != 0 && (rest & bit) == bit)
            {
                parts.Add(name);
                rest &= ~bit;
            }
        }
        if (rest != 0)
            parts.Add("0x" + rest.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "0" : string.Join("|", parts);
    }

    public static readonly (long, string)[] MountFlagNames =
    [
        (MS_RDONLY, "MS_RDONLY"), (MS_NOSUID, "MS_NOSUID"), (MS_NODEV, "MS_NODEV"), (MS_NOEXEC, "MS_NOEXEC"),
        (MS_SYNCHRONOUS, "MS_SYNCHRONOUS"), (MS_REMOUNT, "MS_REMOUNT"), (MS_MANDLOCK, "MS_MANDLOCK"),
        (MS_DIRSYNC, "MS_DIRSYNC"), (MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW"), (MS_NOATIME, "MS_NOATIME"),
        (MS_NODIRATIME, "MS_NODIRATIME"), (MS_BIND, "MS_BIND"), (MS_MOVE, "MS_MOVE"), (MS_REC, "MS_REC"),
        (MS_SILENT, "MS_SILENT"), (MS_UNBINDABLE, "MS_UNBINDABLE"), (MS_PRIVATE, "MS_PRIVATE"), (MS_SLAVE, "MS_SLAVE"),
        (MS_SHARED, "MS_SHARED"), (MS_RELATIME, "MS_RELATIME"), (MS_STRICTATIME, "MS_STRICTATIME"),
    ];

    public static (long, string)[] OpenFlagNames =>
    [
        (O_WRONLY, "O_WRONLY"), (O_RDWR, "O_RDWR"), (O_CREAT, "O_CREAT"), (O_NOCTTY, "O_NOCTTY"),
        (O_DIRECTORY, "O_DIRECTORY"), (O_NOFOLLOW, "O_NOFOLLOW"), (O_CLOEXEC, "O_CLOEXEC"), (O_PATH, "O_PATH"),
    ];

    public static readonly (long, string)[] ResolveFlagNames =
    [
        (RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV"), (RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS"),
        (RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS"), (RESOLVE_BENEATH, "RESOLVE_BENEATH"), (RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT"),
    ];
}
