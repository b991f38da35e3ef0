using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>Which parts of linux.resources a config sets, by their config names.</summary>
public static class ResourceNames
{
    public static IReadOnlyList<string> Asked(LinuxResources? resources, bool countDevices)
    {
        if (resources is null)
            return [];
        var asked = new List<string>();
        if (countDevices && resources.Devices is { Count: > 0 })
            asked.Add("linux.resources.devices");
        if (resources.Memory is not null)
            asked.Add("linux.resources.memory");
        if (resources.Cpu is not null)
            asked.Add("linux.resources.cpu");
        if (resources.Pids is not null)
            asked.Add("linux.resources.pids");
        if (resources.BlockIO is not null)
            asked.Add("linux.resources.blockIO");
        if (resources.HugepageLimits is { Count: > 0 })
            asked.Add("linux.resources.hugepageLimits");
        if (resources.Network is not null)
            asked.Add("linux.resources.network");
        if (resources.Rdma is { Count: > 0 })
            asked.Add("linux.resources.rdma");
        if (resources.Unified is { Count: > 0 })
            asked.Add("linux.resources.unified");
        return asked;
    }
}
