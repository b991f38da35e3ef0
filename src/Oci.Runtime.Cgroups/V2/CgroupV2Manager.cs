using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V2;

/// <summary>
/// cgroup v2 (runc's fs2 driver): one directory, controllers enabled in every ancestor's
/// cgroup.subtree_control, freeze with cgroup.freeze, kill with cgroup.kill (kernel ≥ 5.14).
/// Resources are in CgroupV2Manager.Resources.cs, stats in CgroupV2Manager.Stats.cs.
/// </summary>
internal sealed partial class CgroupV2Manager : ICgroupManager
{
    private const int SIGKILL = 9;
    private readonly CgroupMount _mount;
    private readonly CgroupFiles _files;
    private readonly ICgroupFs _fs;
    private readonly ILogger? _log;
    private readonly CgroupHost _host;
    private readonly List<string> _created;
    private readonly string _dir;

    public CgroupV2Manager(CgroupHost host, CgroupPath path, IReadOnlyList<string>? created, ICgroupFs fs, ILogger? log)
    {
        _host = host;
        _mount = host.Unified ?? throw new OcirtException("cgroups: no cgroup2 filesystem is mounted");
        _fs = fs;
        _files = new CgroupFiles(fs);
        _log = log;
        _created = [.. created ?? []];
        _dir = path.InUnified(_mount, host.OwnCgroups.GetValueOrDefault("") ?? "/");
    }

    public CgroupMode Mode => CgroupMode.Unified;

    public string? UnifiedPath => _dir;

    public IReadOnlyList<(string MountPoint, string Directory)> V1Directories => [];

    public IReadOnlyList<string> CreatedDirectories => _created;

    public IReadOnlyList<string> DirectoriesToCreate() => CgroupTree.Missing(_fs, _mount.MountPoint, _dir);

    /// <summary>Creates each level and enables in each ancestor every controller it has, as
    /// runc's CreateCgroupPath: all at once, or one by one ignoring refusals (a controller
    /// that cannot be enabled, e.g. in a threaded subtree, must not fail the others).</summary>
    public void Create()
    {
        string current = _mount.MountPoint;
        foreach (var part in _dir[_mount.MountPoint.TrimEnd('/').Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var controllers = (_files.TryRead(current, "cgroup.controllers") ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (controllers.Length > 0)
            {
                string all = string.Join(' ', controllers.Select(c => "+" + c));
                try
                {
                    _fs.WriteFile(CgroupPath.Join(current, "cgroup.subtree_control"), all);
                }
                catch (CgroupFsException)
                {
                    foreach (var c in controllers)
                    {
                        try { _fs.WriteFile(CgroupPath.Join(current, "cgroup.subtree_control"), "+" + c); }
                        catch (CgroupFsException) { }
                    }
                }
            }
            current = CgroupPath.Join(current, part);
            _created.AddRange(CgroupTree.MakeAll(_fs, Path.GetDirectoryName(current)!, current));
        }
    }

    /// <summary>What this cgroup can use; a resource whose controller is missing is refused by name.</summary>
    private HashSet<string> Controllers =>
        [.. (_files.TryRead(_dir, "cgroup.controllers") ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    private void Require(string controller, string field)
    {
        if (!Controllers.Contains(controller))
            throw new OcirtException($"{field}: cannot be set: the {controller} controller is not available in {_dir} (not in its cgroup.controllers)");
    }

    public IReadOnlyList<string> JoinFiles => [];

    public IReadOnlyList<int> Pids() => CgroupTree.Pids(_fs, _dir);

    public void Freeze() => SetFreeze(true);

    public void Thaw() => SetFreeze(false);

    private void SetFreeze(bool frozen)
    {
        string field = frozen ? "pause" : "resume";
        if (!_files.Exists(_dir, "cgroup.freeze"))
            throw new OcirtException($"cgroups: cannot {field}: {CgroupPath.Join(_dir, "cgroup.freeze")} does not exist (kernel older than 5.2)");
        _files.Write(field, _dir, "cgroup.freeze", frozen ? "1" : "0");
        if (!frozen) return;
        // cgroup.freeze is the request; "frozen 1" in cgroup.events is the kernel's word that
        // every task has stopped. Wait up to 10 s for it, as runc does.
        for (int i = 0; i < 1000; i++)
        {
            var events = CgroupFiles.ParseKeyValues(_files.Read(field, _dir, "cgroup.events"), CgroupPath.Join(_dir, "cgroup.events"));
            if (events.GetValueOrDefault("frozen") == 1) return;
            Thread.Sleep(10);
        }
        throw new OcirtException($"cgroups: {_dir} did not freeze within 10 s");
    }

    public bool IsFrozen => _files.TryRead(_dir, "cgroup.freeze")?.Trim() == "1";

    public string? FrozenBecause()
    {
        // A cgroup not made yet starts frozen under a frozen parent; the root has neither file.
        var dir = CgroupTree.NearestExisting(_fs, _mount.MountPoint, _dir);
        if (_files.TryRead(dir, "cgroup.freeze")?.Trim() == "1")
            return $"{CgroupPath.Join(dir, "cgroup.freeze")} is 1";
        // A frozen parent freezes this one too: only cgroup.events tells.
        if (_files.TryRead(dir, "cgroup.events") is { } events
            && CgroupFiles.ParseKeyValues(events, CgroupPath.Join(dir, "cgroup.events")).GetValueOrDefault("frozen") == 1)
            return $"{CgroupPath.Join(dir, "cgroup.events")} says frozen (a parent cgroup is frozen)";
        return null;
    }

    public void KillAll(int signal)
    {
        if (signal == SIGKILL && _files.Exists(_dir, "cgroup.kill"))
        {
            _files.Write("kill --all", _dir, "cgroup.kill", "1");
            return;
        }
        bool frozen = _files.Exists(_dir, "cgroup.freeze");
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

    public ulong OomKillCount() =>
        _files.TryRead(_dir, "memory.events") is { } text
            ? CgroupFiles.ParseKeyValues(text, CgroupPath.Join(_dir, "memory.events")).GetValueOrDefault("oom_kill")
            : 0;

    public void Destroy()
    {
        CgroupTree.Remove(_fs, _dir);
        CgroupTree.RemoveCreatedParents(_fs, _created, [_dir]);
        _created.Clear();
    }
}
