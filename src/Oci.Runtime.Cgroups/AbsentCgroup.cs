using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>
/// The cgroup of a rootless container whose cgroup could not be made (the hierarchy is not
/// delegated to its user) and that asked for no limits: there is none, so what needs one
/// (pause, resume, update of a limit, stats, ps) fails saying why, and what cleans up has
/// nothing to remove.
/// </summary>
public sealed class AbsentCgroup(CgroupMode mode) : ICgroupManager
{
    private const string Why = "the container has no cgroup (it runs rootless, and its cgroup could not be created)";

    public CgroupMode Mode { get; } = mode;

    public void Create()
    {
    }

    public IReadOnlyList<string> CreatedDirectories => [];

    public IReadOnlyList<string> DirectoriesToCreate() => [];

    public void Apply(LinuxResources resources)
    {
        if (ResourceNames.Asked(resources, countDevices: false) is { Count: > 0 } asked)
            throw new OcirtException($"cgroups: cannot set {string.Join(", ", asked)}: {Why}");
    }

    public IReadOnlyList<string> JoinFiles => [];

    public IReadOnlyList<int> Pids() => throw Missing("list the processes");

    public CgroupStats Stats() => throw Missing("read the statistics");

    public ulong OomKillCount() => throw Missing("count the OOM kills");

    public void Freeze() => throw Missing("freeze");

    public void Thaw() => throw Missing("thaw");

    public bool IsFrozen => false;

    public string? FrozenBecause() => null;

    public void KillAll(int signal) => throw Missing("signal every process");

    public void Destroy()
    {
    }

    public string? UnifiedPath => null;

    public IReadOnlyList<(string MountPoint, string Directory)> V1Directories => [];

    private static OcirtException Missing(string operation) => new($"cgroups: cannot {operation}: {Why}");
}
