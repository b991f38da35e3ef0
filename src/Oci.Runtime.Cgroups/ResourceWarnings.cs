using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>Settings the spec still has but no runtime enforces any more.</summary>
internal static class ResourceWarnings
{
    /// <summary>Kernel memory limits: deprecated by the spec, unsupported by kernels since
    /// 5.4/6.0; runc logs "Kernel memory settings are ignored and will be removed".</summary>
    /// <param name="kernelTcpWritten">Whether memory.kmem.tcp.limit_in_bytes took kernelTCP
    /// (cgroup v1 still has that file, and crun writes it): then it is not ignored.</param>
    public static void Warn(LinuxResources r, ILogger? log, bool kernelTcpWritten = false)
    {
        if (r.Memory?.Kernel is not null)
            log?.LogWarning("linux.resources.memory.kernel is ignored: kernel memory limits are deprecated and not enforced");
        if (r.Memory?.KernelTcp is not null && !kernelTcpWritten)
            log?.LogWarning("linux.resources.memory.kernelTCP is ignored: kernel memory limits are deprecated and not enforced");
    }
}
