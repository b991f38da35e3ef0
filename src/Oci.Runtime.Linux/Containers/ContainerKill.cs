using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `kill`: the init alone (the lifecycle's rules), or with --all every process in the
/// container's cgroup. Both hold the container's lock so a concurrent pause or resume cannot
/// interleave with the freeze and thaw done here.
/// </summary>
public sealed class ContainerKill(ContainerManager containers, ILogger log)
{
    private const int SigKill = 9;

    /// <summary>Signals the init. A frozen init cannot act on any signal until thawed, so a
    /// paused container is thawed after SIGKILL to let it die now (runc does the same); other
    /// signals wait for `resume`.</summary>
    public void Init(string id, int signal)
    {
        using var held = containers.Store.Lock(id);
        var record = containers.Store.Load(id);
        var paused = containers.StatusOf(record) == ContainerStatus.Paused;
        containers.Kill(id, signal);
        if (paused && signal == SigKill)
            ThawKilled(record, ContainerCgroups.Open(record, log));
    }

    /// <summary>Signals every process in the cgroup (freeze, signal, thaw on v1; cgroup.kill for
    /// SIGKILL on v2). As runc, a stopped container may be signalled while its cgroup still
    /// exists (processes can outlive an init that had no PID namespace of its own), and one
    /// whose cgroup is gone has nothing left to signal.</summary>
    public void All(string id, int signal)
    {
        using var held = containers.Store.Lock(id);
        var record = containers.Store.Load(id);
        var status = containers.StatusOf(record);
        if (record.NoCgroup)
        {
            // Rootless without a cgroup: nothing lists the container's processes but its init
            // is known. With a PID namespace (runc's rootless spec has one) its SIGKILL takes
            // every other process of the namespace with it; without one, its children are out
            // of reach, as they are for runc in this case.
            log.LogDebug("kill --all \"{Id}\": the container has no cgroup: signalling its init", id);
            containers.Kill(id, signal);
            return;
        }
        var cgroup = ContainerCgroups.Open(record, log);
        if (status == ContainerStatus.Stopped && !Exists(cgroup))
            return;
        ContainerCgroups.Guard(() => cgroup.KillAll(signal));
        if (status != ContainerStatus.Paused)
            return;
        // KillAll thaws what it froze: a paused container goes back to frozen with the signal
        // pending, as after a plain kill, unless the signal was SIGKILL and it must run to die.
        if (signal == SigKill)
            ThawKilled(record, cgroup);
        else
            ContainerCgroups.Guard(cgroup.Freeze);
    }

    /// <summary>Thaws a paused container that was sent SIGKILL and records it running until
    /// its init's exit makes it stopped. A failed thaw is only logged, as runc ignores it:
    /// the signal itself was delivered.</summary>
    private void ThawKilled(ContainerRecord record, ICgroupManager cgroup)
    {
        try
        {
            ContainerCgroups.Guard(cgroup.Thaw);
        }
        catch (OcirtException e)
        {
            log.LogWarning("thaw the killed container {Id}: {Message}", record.Id, e.Message);
            return;
        }
        record.Status = ContainerPause.StatusAfterThaw(containers.Store, record).ToWord();
        containers.Store.Save(record);
    }

    private static bool Exists(ICgroupManager cgroup) =>
        cgroup.V1Directories.Any(d => Directory.Exists(d.Directory))
        || (cgroup.UnifiedPath is { } unified && Directory.Exists(unified));
}
