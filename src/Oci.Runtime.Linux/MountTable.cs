using static Oci.Runtime.Linux.Setup.LinuxConstants;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>The host's mount table (/proc/self/mountinfo): the flags a bind mount inherits, and what is mounted where.</summary>
public static class MountTable
{
    /// <summary>
    /// ro/nosuid/nodev/noexec/atime flags of the mount holding <paramref name="path"/>: in a user
    /// namespace the kernel locks them on a bind of it, and a remount that omits one fails.
    /// </summary>
    public static long LockedFlagsOf(string path, string mountInfo = "/proc/self/mountinfo")
    {
        var options = MountHolding(path, mountInfo).Options;
        long flags = 0;
        foreach (var option in options.Split(','))
        {
            flags |= option switch
            {
                "ro" => MS_RDONLY, "nosuid" => MS_NOSUID, "nodev" => MS_NODEV, "noexec" => MS_NOEXEC,
                "noatime" => MS_NOATIME, "nodiratime" => MS_NODIRATIME, "relatime" => MS_RELATIME,
                _ => 0,
            };
        }
        return flags;
    }

    /// <summary>The mount point of the mount that holds <paramref name="path"/>.</summary>
    public static string MountPointOf(string path, string mountInfo = "/proc/self/mountinfo") =>
        MountHolding(path, mountInfo).MountPoint;

    /// <summary>The ids of the mounts whose mount point is exactly <paramref name="mountPoint"/>, oldest first.</summary>
    public static List<int> IdsAt(string mountPoint, string mountInfo = "/proc/self/mountinfo")
    {
        var ids = new List<int>();
        foreach (var line in SmallFile.ReadText(mountInfo).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 6 && Unescape(fields[4]) == mountPoint && int.TryParse(fields[0], out var id))
                ids.Add(id);
        }
        return ids;
    }

    /// <summary>The deepest mount whose mount point contains the path (the last one mounted there wins).</summary>
    private static (string MountPoint, string Options) MountHolding(string path, string mountInfo)
    {
        var best = ("/", "");
        var bestLength = -1;
        foreach (var line in SmallFile.ReadText(mountInfo).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 6)
                continue;
            var mountPoint = Unescape(fields[4]);
            if (!IsWithin(path, mountPoint) || mountPoint.Length < bestLength)
                continue;
            best = (mountPoint, fields[5]);
            bestLength = mountPoint.Length;
        }
        return best;
    }

    private static bool IsWithin(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
