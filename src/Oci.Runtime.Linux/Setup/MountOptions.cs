using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// A mount's options split the way the kernel wants them: mount(2) flags set and cleared,
/// propagation (applied by a second mount(2)), recursive attributes (mount_setattr with
/// AT_RECURSIVE: "rro", "rnosuid", …), and everything else joined as filesystem data.
/// </summary>
public sealed record MountOptions(long Flags, long Propagation, long AttrSet, long AttrClear, string Data, bool Idmap)
{
    private static readonly Dictionary<string, (bool Clear, long Flag)> FlagOptions = new()
    {
        ["ro"] = (false, MS_RDONLY), ["rw"] = (true, MS_RDONLY),
        ["nosuid"] = (false, MS_NOSUID), ["suid"] = (true, MS_NOSUID),
        ["nodev"] = (false, MS_NODEV), ["dev"] = (true, MS_NODEV),
        ["noexec"] = (false, MS_NOEXEC), ["exec"] = (true, MS_NOEXEC),
        ["sync"] = (false, MS_SYNCHRONOUS), ["async"] = (true, MS_SYNCHRONOUS),
        ["dirsync"] = (false, MS_DIRSYNC), ["remount"] = (false, MS_REMOUNT),
        ["mand"] = (false, MS_MANDLOCK), ["nomand"] = (true, MS_MANDLOCK),
        ["noatime"] = (false, MS_NOATIME), ["atime"] = (true, MS_NOATIME),
        ["nodiratime"] = (false, MS_NODIRATIME), ["diratime"] = (true, MS_NODIRATIME),
        ["relatime"] = (false, MS_RELATIME), ["norelatime"] = (true, MS_RELATIME),
        ["strictatime"] = (false, MS_STRICTATIME), ["nostrictatime"] = (true, MS_STRICTATIME),
        ["bind"] = (false, MS_BIND), ["rbind"] = (false, MS_BIND | MS_REC),
        ["nosymfollow"] = (false, MS_NOSYMFOLLOW), ["symfollow"] = (true, MS_NOSYMFOLLOW),
        ["iversion"] = (false, MS_I_VERSION), ["noiversion"] = (true, MS_I_VERSION),
        ["lazytime"] = (false, MS_LAZYTIME), ["nolazytime"] = (true, MS_LAZYTIME),
        ["silent"] = (false, MS_SILENT), ["loud"] = (true, MS_SILENT),
        ["defaults"] = (false, 0),
    };

    private static readonly Dictionary<string, long> PropagationOptions = new()
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC,
        ["shared"] = MS_SHARED, ["rshared"] = MS_SHARED | MS_REC,
        ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    // Recursive attributes; an atime choice also clears the other atime modes (MOUNT_ATTR__ATIME).
    private static readonly Dictionary<string, (bool Clear, long Attr)> RecursiveOptions = new()
    {
        ["rro"] = (false, MOUNT_ATTR_RDONLY), ["rrw"] = (true, MOUNT_ATTR_RDONLY),
        ["rnosuid"] = (false, MOUNT_ATTR_NOSUID), ["rsuid"] = (true, MOUNT_ATTR_NOSUID),
        ["rnodev"] = (false, MOUNT_ATTR_NODEV), ["rdev"] = (true, MOUNT_ATTR_NODEV),
        ["rnoexec"] = (false, MOUNT_ATTR_NOEXEC), ["rexec"] = (true, MOUNT_ATTR_NOEXEC),
        ["rnodiratime"] = (false, MOUNT_ATTR_NODIRATIME), ["rdiratime"] = (true, MOUNT_ATTR_NODIRATIME),
        ["rnosymfollow"] = (false, MOUNT_ATTR_NOSYMFOLLOW), ["rsymfollow"] = (true, MOUNT_ATTR_NOSYMFOLLOW),
    };

    private static readonly Dictionary<string, long> RecursiveAtime = new()
    {
        ["rrelatime"] = MOUNT_ATTR_RELATIME, ["rnorelatime"] = MOUNT_ATTR_RELATIME,
        ["rnoatime"] = MOUNT_ATTR_NOATIME, ["ratime"] = MOUNT_ATTR_RELATIME,
        ["rstrictatime"] = MOUNT_ATTR_STRICTATIME, ["rnostrictatime"] = MOUNT_ATTR_RELATIME,
    };

    public bool IsBind => (Flags & MS_BIND) != 0;

    /// <summary>"ridmap": the idmapping applies to every mount of the tree, not its top one alone.</summary>
    public bool RecursiveIdmap { get; init; }

    public static MountOptions Parse(IEnumerable<string>? options)
    {
        long flags = 0, propagation = 0, attrSet = 0, attrClear = 0;
        bool idmap = false, recursiveIdmap = false;
        var data = new List<string>();
        foreach (var option in options ?? [])
        {
            if (FlagOptions.TryGetValue(option, out var flag))
                flags = flag.Clear ? flags & ~flag.Flag : flags | flag.Flag;
            else if (PropagationOptions.TryGetValue(option, out var mode))
                propagation |= mode;
            else if (RecursiveOptions.TryGetValue(option, out var attr))
            {
                if (attr.Clear) { attrClear |= attr.Attr; attrSet &= ~attr.Attr; }
                else { attrSet |= attr.Attr; attrClear &= ~attr.Attr; }
            }
            else if (RecursiveAtime.TryGetValue(option, out var atime))
            {
                attrClear |= MOUNT_ATTR__ATIME;
                attrSet = (attrSet & ~MOUNT_ATTR__ATIME) | atime;
            }
            else if (option is "idmap" or "ridmap")
            {
                idmap = true;
                recursiveIdmap |= option == "ridmap";
            }
            else if (option is not ("" or "tmpcopyup"))
                data.Add(option); // an empty one is dropped, as the kernel's own option parser skips it
        }
        return new MountOptions(flags, propagation, attrSet, attrClear, string.Join(",", data), idmap) { RecursiveIdmap = recursiveIdmap };
    }
}
