using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>Releases what a stopped container holds on the host (its cgroup directories), then runs its poststop hooks.</summary>
public sealed class HostResources(ILogger log) : IContainerResources
{
    public void Release(ContainerRecord record)
    {
        if (record.CgroupDirectories is { Count: > 0 })
        {
            var cgroup = ContainerCgroups.Open(record, log);
            ContainerCgroups.Guard(() => KillRemaining(cgroup));
            ContainerCgroups.Guard(cgroup.Destroy);
        }
        new HookRunner(log).RunWarning("poststop", record.Hooks?.Poststop, HookStates.Of(record, "stopped"));
    }

    /// <summary>
    /// Without its own PID namespace a container's processes outlive its init: SIGKILL whatever
    /// is left in the cgroup and wait for it to empty, so the cgroup can be removed (as runc does).
    /// </summary>
    private static void KillRemaining(Cgroups.ICgroupManager cgroup)
    {
        if (cgroup.Pids().Count == 0)
            return;
        cgroup.KillAll(9);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cgroup.Pids().Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
    }

    public void Thaw(ContainerRecord record)
    {
        try
        {
            ContainerCgroups.Guard(ContainerCgroups.Open(record, log).Thaw);
        }
        catch (OcirtException e)
        {
            log.LogWarning("thaw container \"{Id}\": {Message}", record.Id, e.Message);
        }
    }
}
