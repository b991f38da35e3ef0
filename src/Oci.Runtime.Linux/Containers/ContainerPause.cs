using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `pause` and `resume`: freeze or thaw every process in the container's cgroup (v1 freezer,
/// v2 cgroup.freeze) and record the status, which `state` and `list` then report. runc's
/// rules: a running or created container may be paused, only a paused one resumed.
/// </summary>
public sealed class ContainerPause(StateStore store, IHostProcesses processes, ILogger log)
{
    public void Pause(string id)
    {
        using var held = store.Lock(id);
        var record = store.Load(id);
        var status = StatusResolver.Resolve(record, processes);
        if (status is not (ContainerStatus.Running or ContainerStatus.Created))
            throw new OcirtException($"cannot pause container \"{id}\": container not running ({status.ToWord()})");
        ContainerCgroups.Guard(ContainerCgroups.Open(record, log).Freeze);
        record.Status = ContainerStatus.Paused.ToWord();
        store.Save(record);
    }

    public void Resume(string id)
    {
        using var held = store.Lock(id);
        var record = store.Load(id);
        if (StatusResolver.Resolve(record, processes) != ContainerStatus.Paused)
            throw new OcirtException($"cannot resume container \"{id}\": container not paused");
        ContainerCgroups.Guard(ContainerCgroups.Open(record, log).Thaw);
        record.Status = StatusAfterThaw(store, record).ToWord();
        store.Save(record);
    }

    /// <summary>A container paused before `start` still has its exec fifo: it goes back to
    /// created (runc tells the two apart the same way), any other to running.</summary>
    internal static ContainerStatus StatusAfterThaw(StateStore store, ContainerRecord record) =>
        File.Exists(Path.Combine(store.DirectoryOf(record.Id), StateStore.ExecFifo))
            ? ContainerStatus.Created
            : ContainerStatus.Running;
}
