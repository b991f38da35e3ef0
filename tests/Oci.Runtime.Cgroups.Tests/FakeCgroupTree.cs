using Oci.Runtime.Cgroups;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>
/// A cgroup filesystem in a temporary directory that answers as the kernel does where the
/// managers care: a missing file or directory is ENOENT, a new cgroup gets its parent's
/// control files (with empty cgroup.procs, cpuset.cpus/mems and subtree_control), rmdir of a
/// cgroup with children or members is EBUSY. Every write is logged in order, so tests check
/// exactly what a manager wrote, including files written more than once (devices.allow, io.max).
/// </summary>
public sealed class FakeCgroupTree : ICgroupFs, IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ocirt-cgroupfs-").FullName;

    public List<(string Path, string Value)> Writes { get; } = [];

    /// <summary>errno for writes to a path (relative to Root); the write fails and changes nothing.</summary>
    public Dictionary<string, int> FailingWrites { get; } = [];

    /// <summary>Kernel behaviour on a write: gets (path relative to Root, value), returns what the file then holds.</summary>
    public Dictionary<string, Func<string, string>> OnWrite { get; } = [];

    public string P(string relative) => Path.Combine(Root, relative.TrimStart('/'));

    public string Rel(string path) => Path.GetRelativePath(Root, path);

    /// <summary>Creates dir (relative) with the given control files.</summary>
    public FakeCgroupTree Dir(string relative, params (string File, string Content)[] files)
    {
        Directory.CreateDirectory(P(relative));
        foreach (var (file, content) in files) File.WriteAllText(Path.Combine(P(relative), file), content);
        return this;
    }

    public string Content(string relative) => File.ReadAllText(P(relative));

    public IEnumerable<string> WritesTo(string relative) => Writes.Where(w => w.Path == relative).Select(w => w.Value);

    public string ReadFile(string path)
    {
        if (!File.Exists(path)) throw new CgroupFsException("open", path, Errno.ENOENT);
        return File.ReadAllText(path);
    }

    public void WriteFile(string path, string content)
    {
        if (!File.Exists(path)) throw new CgroupFsException("open", path, Errno.ENOENT);
        string rel = Rel(path);
        if (FailingWrites.TryGetValue(rel, out int errno)) throw new CgroupFsException("write", path, errno);
        Writes.Add((rel, content));
        File.WriteAllText(path, OnWrite.TryGetValue(rel, out var kernel) ? kernel(content) : content);
    }

    public bool Exists(string path) => Path.Exists(path);

    public bool CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return false;
        string parent = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(parent)) throw new CgroupFsException("mkdir", path, Errno.ENOENT);
        Directory.CreateDirectory(path);
        foreach (var file in Directory.GetFiles(parent))
        {
            string name = Path.GetFileName(file);
            string content = name switch
            {
                "cgroup.procs" or "tasks" or "cpuset.cpus" or "cpuset.mems" or "cgroup.subtree_control" => "",
                "freezer.state" => "THAWED\n",
                _ => File.ReadAllText(file),
            };
            File.WriteAllText(Path.Combine(path, name), content);
        }
        return true;
    }

    public void RemoveDirectory(string path)
    {
        if (!Directory.Exists(path)) throw new CgroupFsException("rmdir", path, Errno.ENOENT);
        string procs = Path.Combine(path, "cgroup.procs");
        if (Directory.GetDirectories(path).Length > 0 || (File.Exists(procs) && File.ReadAllText(procs).Trim().Length > 0))
            throw new CgroupFsException("rmdir", path, Errno.EBUSY);
        Directory.Delete(path, recursive: true);
    }

    public IReadOnlyList<string> SubDirectories(string path) => Directory.Exists(path) ? Directory.GetDirectories(path) : [];

    /// <summary>The device filter last attached to each cgroup (relative path), as eBPF bytes.</summary>
    public Dictionary<string, byte[]> DeviceFilters { get; } = [];

    public void ReplaceDeviceFilter(string path, byte[] program)
    {
        if (!Directory.Exists(path)) throw new CgroupFsException("open", path, Errno.ENOENT);
        DeviceFilters[Rel(path)] = program;
    }

    /// <summary>Host detection of a fixture layout, with its mount points moved into this tree.</summary>
    public CgroupHost Host(string fixture, params string[] hugePageDirs) =>
        CgroupHost.Parse(
            File.ReadAllText(Path.Combine(Fixtures.CgroupFs, fixture, "mountinfo")).Replace("/sys/fs/cgroup", Root.TrimEnd('/')),
            File.ReadAllText(Path.Combine(Fixtures.CgroupFs, fixture, "cgroup")),
            hugePageDirs);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
