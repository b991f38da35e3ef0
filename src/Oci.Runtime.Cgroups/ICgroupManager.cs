using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>One container's cgroup, on whichever layout the host has.</summary>
public interface ICgroupManager
{
    CgroupMode Mode { get; }

    /// <summary>Creates the container's cgroup in every hierarchy (parents too, as mkdir -p).</summary>
    void Create();

    /// <summary>Directories <see cref="Create"/> made, deepest last; record them with the
    /// container so a later <see cref="Destroy"/> (another ocirt process) removes exactly those.</summary>
    IReadOnlyList<string> CreatedDirectories { get; }

    /// <summary>The directories <see cref="Create"/> would make now. A create records them before
    /// it makes them, so that if it is killed midway, `delete --force` still knows what to remove.</summary>
    IReadOnlyList<string> DirectoriesToCreate();

    /// <summary>Writes every resource that is set; unset (null) ones are left as they are, so the
    /// same call serves create and update. Device rules are applied as given: callers add
    /// runc's default rules with <see cref="DeviceRules.WithRuncDefaults"/>.</summary>
    void Apply(LinuxResources resources);

    /// <summary>
    /// The files a process writes "0" to, to move itself into the container's cgroup in the
    /// hierarchies clone3 cannot place it in (CLONE_INTO_CGROUP covers the cgroup2 one): each
    /// v1 hierarchy's `tasks`. A thread moving itself is the one migration for which the kernel
    /// skips the global cgroup_threadgroup_rwsem, whose write side waits out an RCU grace period
    /// (about 10 ms here on every cold start; runc and crun write the pid from the parent and
    /// pay it). Empty on a unified host.
    /// </summary>
    IReadOnlyList<string> JoinFiles { get; }

    /// <summary>Every process in the cgroup and its sub-cgroups.</summary>
    IReadOnlyList<int> Pids();

    CgroupStats Stats();

    /// <summary>How many times the kernel OOM-killed a process in this cgroup.</summary>
    ulong OomKillCount();

    void Freeze();

    void Thaw();

    bool IsFrozen { get; }

    /// <summary>Why a task placed in the cgroup now would not run (it or a parent is frozen), or
    /// null: an init put there would stop before its first instruction, and create would wait
    /// on it forever.</summary>
    string? FrozenBecause();

    /// <summary>Signals every process: cgroup.kill for SIGKILL on v2 when the kernel has it,
    /// else freeze, signal each, thaw (so nothing forks past the snapshot).</summary>
    void KillAll(int signal);

    /// <summary>Removes the container's cgroup (and sub-cgroups it made) in every hierarchy,
    /// deepest first, retrying EBUSY; then the created parents that are empty.</summary>
    void Destroy();

    /// <summary>The cgroup2 directory, for clone3's CLONE_INTO_CGROUP; null on a v1 host.</summary>
    string? UnifiedPath { get; }

    /// <summary>The container's directory in each v1 hierarchy, by the hierarchy's mount point
    /// (what a "cgroup" mount shows inside the container); empty on a unified host.</summary>
    IReadOnlyList<(string MountPoint, string Directory)> V1Directories { get; }
}
