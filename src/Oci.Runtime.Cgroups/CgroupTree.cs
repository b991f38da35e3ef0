using System.Runtime.InteropServices;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>Operations on a cgroup directory and its sub-cgroups shared by both managers.</summary>
internal static class CgroupTree
{
    /// <summary>Every pid in dir and its sub-cgroups (runc's GetAllPids; crun reads recursively too).</summary>
    public static List<int> Pids(ICgroupFs fs, string dir)
    {
        var pids = new List<int>();
        if (!fs.Exists(dir)) return pids;
        foreach (var line in fs.ReadFile(CgroupPath.Join(dir, "cgroup.procs")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            pids.Add(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var sub in fs.SubDirectories(dir)) pids.AddRange(Pids(fs, sub));
        return pids;
    }

    /// <summary>kill(2) each pid; ESRCH (already gone) is not an error.</summary>
    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            if (Native.Kill(pid, signal) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.ESRCH) throw new OcirtException($"kill --all: signalling process {pid} with {signal}: {Errno.Describe(errno)}");
            }
        }
    }

    /// <summary>Removes dir after its sub-cgroups (the container may have made some), deepest
    /// first. rmdir of a cgroup whose last process is still exiting fails with EBUSY for a
    /// moment: retry with a doubling delay from 1 ms, 10 times (about 1 s), as runc does.</summary>
    public static void Remove(ICgroupFs fs, string dir)
    {
        if (!fs.Exists(dir)) return;
        foreach (var sub in fs.SubDirectories(dir)) Remove(fs, sub);
        int delay = 1;
        for (int tries = 10; ; tries--)
        {
            try
            {
                fs.RemoveDirectory(dir);
                return;
            }
            catch (CgroupFsException e) when (e.Errno == Errno.ENOENT)
            {
                return;
            }
            catch (CgroupFsException e) when (e.Errno == Errno.EBUSY && tries > 0)
            {
                Thread.Sleep(delay);
                delay *= 2;
            }
            catch (CgroupFsException e)
            {
                throw new OcirtException($"cgroups: removing {dir}: {Errno.Describe(e.Errno)}", e);
            }
        }
    }

    /// <summary>Parents made by create are removed only when empty: another container may
    /// share them, and its cgroups make rmdir fail (EBUSY), which is expected.</summary>
    public static void RemoveCreatedParents(ICgroupFs fs, IEnumerable<string> created, IEnumerable<string> leaves)
    {
        var leafSet = new HashSet<string>(leaves, StringComparer.Ordinal);
        foreach (var dir in created.Where(d => !leafSet.Contains(d)).OrderByDescending(d => d.Length))
        {
            try
            {
                fs.RemoveDirectory(dir);
            }
            catch (CgroupFsException e) when (e.Errno is Errno.EBUSY or Errno.ENOTEMPTY or Errno.ENOENT)
            {
            }
            catch (CgroupFsException e)
            {
                throw new OcirtException($"cgroups: removing {dir}: {Errno.Describe(e.Errno)}", e);
            }
        }
    }

    /// <summary>mkdir -p: every missing level from the mount down, in creation order.</summary>
    /// <summary>The levels of dir below mountPoint that do not exist yet: what MakeAll would make now.</summary>
    public static List<string> Missing(ICgroupFs fs, string mountPoint, string dir)
    {
        var missing = new List<string>();
        string current = mountPoint;
        foreach (var part in dir[mountPoint.TrimEnd('/').Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = CgroupPath.Join(current, part);
            if (missing.Count > 0 || !fs.Exists(current)) missing.Add(current);
        }
        return missing;
    }

    /// <summary>The deepest of <paramref name="dir"/> and its parents that exists: what a
    /// cgroup made there now inherits (a frozen state, for one).</summary>
    public static string NearestExisting(ICgroupFs fs, string mountPoint, string dir)
    {
        var missing = Missing(fs, mountPoint, dir);
        return missing.Count == 0 ? dir : Path.GetDirectoryName(missing[0])!;
    }

    public static List<string> MakeAll(ICgroupFs fs, string mountPoint, string dir)
    {
        var created = new List<string>();
        string current = mountPoint;
        foreach (var part in dir[mountPoint.TrimEnd('/').Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = CgroupPath.Join(current, part);
            bool made;
            try
            {
                made = fs.CreateDirectory(current);
            }
            catch (CgroupFsException e)
            {
                throw new OcirtException($"cgroups: creating {current}: {Errno.Describe(e.Errno)}", e);
            }
            if (made) created.Add(current);
        }
        return created;
    }
}
