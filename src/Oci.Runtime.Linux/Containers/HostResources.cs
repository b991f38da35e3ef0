using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Linux.Containers;

/// <summary>Releases what a stopped container holds on the host: its cgroup directories.</summary>
public sealed class HostResources(ILogger log) : IContainerResources
{
    public void Release(ContainerRecord record)
    {
        if (record.CgroupDirectories is not { Count: > 0 })
            return;
        var cgroup = ContainerCgroups.Open(record, log);
        ContainerCgroups.Guard(cgroup.Destroy);
    }
}
