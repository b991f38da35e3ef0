using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V1;

/// <summary>
/// cgroup v1 (runc's fs driver): the container gets the same relative directory in every
/// mounted hierarchy, name=systemd included, and on a hybrid host in the cgroup2 mount too
/// (runc joins it so systemd and v2 tools see the container). Resources are in
/// CgroupV1Manager.Resources.cs, stats in CgroupV1Manager.Stats.cs.
/// </summary>
internal sealed partial class CgroupV1Manager : ICgroupManager
{
    private readonly CgroupHost _host;
    private readonly CgroupFiles _files;
    private readonly ICgroupFs _fs;
    private readonly ILogger? _log;
    private readonly List<(CgroupMount Mount, string Dir)> _hierarchies = [];
    private readonly List<string> _created;

    public CgroupV1Manager(CgroupHost host, CgroupPath path, IReadOnlyList<string>? created, ICgroupFs fs, ILogger? log)
    {
        _host = host;
        _fs = fs;
        _files = new CgroupFiles(fs);
        _log = log;
        _created = [.. created ?? []];
        foreach (var mount in host.V1Mounts)
            _hierarchies.Add((mount, path.In(mount, host.OwnCgroups.GetValueOrDefault(mount.Controllers[0]))));
        // runc's hybrid-mode NameGroup "": the cgroup2 mount takes the path as is, not under
        // the runtime's own cgroup (GetOwnCgroupPath("") returns the mount point).
        if (host.Mode == CgroupMode.Hybrid && host.Unified is { } unified)
            UnifiedPath = path.In(unified, null);
    }

    public CgroupMode Mode => _host.Mode;

    public string? UnifiedPath { get; }

    public IReadOnlyList<(string MountPoint, string Directory)> V1Directories =>
        _hierarchies.Select(h => (h.Mount.MountPoint, h.Dir)).ToList();

    public IReadOnlyList<string> CreatedDirectories => _created;

    public IReadOnlyList<string> DirectoriesToCreate()
    {
        var missing = _hierarchies.SelectMany(h => CgroupTree.Missing(_fs, h.Mount.MountPoint, h.Dir)).ToList();
        if (UnifiedPath is not null && _host.Unified is { } unified)
            missing.AddRange(CgroupTree.Missing(_fs, unified.MountPoint, UnifiedPath));
        return missing;
    }

    /// <summary>The container's directory in the hierarchy holding controller, or null.</summary>
    private string? DirOf(string controller) =>
        _hierarchies.FirstOrDefault(h => h.Mount.Controllers.Contains(controller)).Dir;

    /// <summary>As DirOf, but a resource that needs an unmounted controller is an error naming it.</summary>
    private string Require(string controller, string field) =>
        DirOf(controller) ?? throw new OcirtException($"{field}: cannot be set: the {controller} cgroup controller is not mounted on this host");

    private IEnumerable<string> AllDirs => _hierarchies.Select(h => h.Dir).Concat(UnifiedPath is null ? [] : [UnifiedPath]);

    public void Create()
    {
        foreach (var (mount, dir) in _hierarchies)
        {
            _created.AddRange(CgroupTree.MakeAll(_fs, mount.MountPoint, dir));
            if (mount.Controllers.Contains("cpuset")) InheritCpuset(mount.MountPoint, dir);
        }
        if (UnifiedPath is not null && _host.Unified is { } unified)
        {
            _created.AddRange(CgroupTree.MakeAll(_fs, unified.MountPoint, UnifiedPath));
            if (UnifiedHugetlb) EnableUnifiedHugetlb(unified.MountPoint);
        }
    }

    /// <summary>A new cpuset cgroup starts with empty cpus and mems, and the kernel refuses
    /// tasks (ENOSPC) until both are set, in the cgroup and in every ancestor. So every level
    /// from the mount down that is empty takes its parent's, whether create made it or found it
    /// (another tool may have left an empty one, as kubelet's /kubepods levels can be), as
    /// runc's cpusetEnsureParent and cpusetCopyIfNeeded do.</summary>
    private void InheritCpuset(string mountPoint, string dir)
    {
        const string field = "linux.resources.cpu";
        string parent = mountPoint;
        foreach (var part in dir[mountPoint.TrimEnd('/').Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string level = CgroupPath.Join(parent, part);
            foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
            {
                if (_files.Read(field, level, file).Trim().Length == 0)
                    _files.Write(field, level, file, _files.Read(field, parent, file).Trim());
            }
            parent = level;
        }
    }

    /// <summary>Hybrid hosts with hugetlb on the cgroup2 mount (not on a v1 one): v2 needs
    /// the controller enabled in every ancestor's cgroup.subtree_control.</summary>
    private bool UnifiedHugetlb =>
        DirOf("hugetlb") is null && _host.Unified is { } u && UnifiedPath is not null
        && (_files.TryRead(u.MountPoint, "cgroup.controllers") ?? "").Split(' ', '\n').Contains("hugetlb");

    private void EnableUnifiedHugetlb(string mountPoint)
    {
        string current = mountPoint;
        foreach (var part in UnifiedPath![mountPoint.TrimEnd('/').Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            _files.Write("linux.resources.hugepageLimits", current, "cgroup.subtree_control", "+hugetlb");
            current = CgroupPath.Join(current, part);
        }
    }

    public IReadOnlyList<string> JoinFiles => _hierarchies.Select(h => CgroupPath.Join(h.Dir, "tasks")).ToList();

    /// <summary>Every hierarchy holds the same processes; read the freezer's, which kill and
    /// pause act on (any other when the freezer is not mounted).</summary>
    public IReadOnlyList<int> Pids() => CgroupTree.Pids(_fs, DirOf("freezer") ?? _hierarchies[0].Dir);

    public void Freeze()
    {
        string dir = DirOf("freezer") ?? throw new OcirtException("cgroups: cannot pause: the freezer cgroup controller is not mounted on this host");
        const string field = "pause";
        // As runc: the kernel may report FREEZING for a long time when a task is in an
        // uninterruptible sleep; re-writing FROZEN retries the freeze, and an occasional
        // thaw lets a task stuck in vfork or in a signal handler move on.
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i % 50 == 49)
                {
                    _files.Write(field, dir, "freezer.state", "THAWED");
                    Thread.Sleep(10);
                }
                _files.Write(field, dir, "freezer.state", "FROZEN");
                if (i % 25 == 24) Thread.Sleep(TimeSpan.FromMicroseconds(10));
                switch (_files.Read(field, dir, "freezer.state").Trim())
                {
                    case "FREEZING":
                        continue;
                    case "FROZEN":
                        return;
                    case var state:
                        throw new OcirtException($"cgroups: unexpected freezer state \"{state}\" in {dir} while freezing");
                }
            }
            throw new OcirtException($"cgroups: {dir} did not freeze (still FREEZING after 1000 tries)");
        }
        catch (OcirtException)
        {
            // Best effort, as runc: never leave a half-frozen container behind the error.
            try { _fs.WriteFile(CgroupPath.Join(dir, "freezer.state"), "THAWED"); }
            catch (CgroupFsException) { }
            throw;
        }
    }

    public void Thaw()
    {
        if (DirOf("freezer") is { } dir) _files.Write("resume", dir, "freezer.state", "THAWED");
        else throw new OcirtException("cgroups: cannot resume: the freezer cgroup controller is not mounted on this host");
    }

    public string? FrozenBecause()
    {
        var freezer = _hierarchies.FirstOrDefault(h => h.Mount.Controllers.Contains("freezer"));
        if (freezer.Dir is null) return null;
        // A cgroup not made yet starts in its parent's state; the root has no freezer.state.
        var dir = CgroupTree.NearestExisting(_fs, freezer.Mount.MountPoint, freezer.Dir);
        var state = _files.TryRead(dir, "freezer.state")?.Trim();
        return state is null or "THAWED" ? null : $"{CgroupPath.Join(dir, "freezer.state")} is {state}";
    }

    /// <summary>FROZEN because a parent cgroup is frozen is not this container being paused:
    /// freezer.self_freezing tells them apart (runc's GetState).</summary>
    public bool IsFrozen
    {
        get
        {
            if (DirOf("freezer") is not { } dir || !_fs.Exists(dir)) return false;
            // FREEZING is a pause in progress (another ocirt's): it settles within the 1000
            // tries Freeze makes, so wait at most about as long, then call it frozen.
            for (int i = 0; i < 1000; i++)
            {
                switch (_files.Read("state", dir, "freezer.state").Trim())
                {
                    case "THAWED":
                        return false;
                    case "FROZEN":
                        return _files.TryRead(dir, "freezer.self_freezing")?.Trim() != "0";
                    case "FREEZING":
                        Thread.Sleep(1);
                        continue;
                    case var state:
                        throw new OcirtException($"cgroups: unknown freezer state \"{state}\" in {dir}");
                }
            }
            return true;
        }
    }

    /// <summary>v1 has no cgroup.kill: freeze so nothing forks past the pid list, signal, thaw.</summary>
    public void KillAll(int signal)
    {
        bool frozen = DirOf("freezer") is not null;
        if (frozen) Freeze();
        try
        {
            CgroupTree.Signal(Pids(), signal);
        }
        finally
        {
            if (frozen) Thaw();
        }
    }

    public ulong OomKillCount()
    {
        if (DirOf("memory") is not { } dir || _files.TryRead(dir, "memory.oom_control") is not { } text) return 0;
        return CgroupFiles.ParseKeyValues(text, CgroupPath.Join(dir, "memory.oom_control")).GetValueOrDefault("oom_kill");
    }

    public void Destroy()
    {
        var errors = new List<string>();
        foreach (var dir in AllDirs)
        {
            try
            {
                CgroupTree.Remove(_fs, dir);
            }
            catch (OcirtException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0) throw new OcirtException(string.Join("; ", errors));
        CgroupTree.RemoveCreatedParents(_fs, _created, AllDirs);
        _created.Clear();
    }
}
