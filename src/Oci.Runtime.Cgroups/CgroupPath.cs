using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>
/// linux.cgroupsPath as runc's cgroupfs driver reads it: an absolute path is taken under
/// each hierarchy's mount, a relative one under the runtime's own cgroup, and a missing one
/// is the container id, relative (runc sets Name = id, and path.Inner makes that relative).
/// Both are lexically cleaned first and a relative path can never climb out with "..".
/// </summary>
public sealed record CgroupPath(string Inner, bool IsAbsolute)
{
    public static CgroupPath Resolve(string? cgroupsPath, string containerId, bool systemdCgroup = false)
    {
        if (systemdCgroup)
            throw new OcirtException("--systemd-cgroup: the systemd cgroup driver is not supported yet; use the cgroupfs driver (drop --systemd-cgroup)");
        if (string.IsNullOrEmpty(cgroupsPath)) return new CgroupPath(Clean(containerId), false);
        if (!cgroupsPath.StartsWith('/') && cgroupsPath.Split(':').Length == 3)
            throw new OcirtException($"linux.cgroupsPath: \"{cgroupsPath}\" is a systemd \"slice:prefix:name\" path; the systemd cgroup driver is not supported yet");
        bool absolute = cgroupsPath.StartsWith('/');
        return new CgroupPath(absolute ? "/" + Clean(cgroupsPath) : Clean(cgroupsPath), absolute);
    }

    /// <summary>The directory in a v1 hierarchy (or the hybrid host's cgroup2 mount). The own
    /// cgroup is taken relative to the mount's root, as runc's getCgroupPathHelper does.</summary>
    public string In(CgroupMount mount, string? ownCgroup) =>
        IsAbsolute || ownCgroup is null
            ? Join(mount.MountPoint, Inner)
            : Join(Join(mount.MountPoint, Relative(mount.Root, ownCgroup)), Inner);

    /// <summary>The directory on a unified host. runc (fs2 defaultDirPath) uses the parent of
    /// its own cgroup for a relative path: the runtime sits in a leaf, and v2's
    /// no-internal-processes rule keeps controllers off a cgroup that has members.</summary>
    public string InUnified(CgroupMount mount, string ownCgroup) =>
        IsAbsolute
            ? Join(mount.MountPoint, Inner)
            : Join(Join(mount.MountPoint, Relative(mount.Root, ParentOf(ownCgroup))), Inner);

    public static string Join(string a, string b)
    {
        b = b.Trim('/');
        return b.Length == 0 ? a : a.TrimEnd('/') + "/" + b;
    }

    /// <summary>Go's filepath.Clean of "/" + path, without the leading slash.</summary>
    private static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string Relative(string root, string cgroup)
    {
        string r = "/" + Clean(root), c = "/" + Clean(cgroup);
        if (r == "/") return c;
        if (c == r) return "";
        return c.StartsWith(r + "/", StringComparison.Ordinal) ? c[r.Length..] : c;
    }

    private static string ParentOf(string cgroup)
    {
        var clean = "/" + Clean(cgroup);
        int slash = clean.LastIndexOf('/');
        return slash <= 0 ? "/" : clean[..slash];
    }
}
