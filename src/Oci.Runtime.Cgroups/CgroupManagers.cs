using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups.V1;
using Oci.Runtime.Cgroups.V2;

namespace Oci.Runtime.Cgroups;

/// <summary>Picks the manager for the host layout, like crun's cgroup backend table.</summary>
public static class CgroupManagers
{
    private delegate ICgroupManager Factory(CgroupHost host, CgroupPath path, CgroupRequest request, ICgroupFs fs, ILogger? log);

    private static readonly Dictionary<CgroupMode, Factory> Backends = new()
    {
        [CgroupMode.Legacy] = (h, p, r, fs, log) => new CgroupV1Manager(h, p, r.CreatedDirectories, fs, log),
        [CgroupMode.Hybrid] = (h, p, r, fs, log) => new CgroupV1Manager(h, p, r.CreatedDirectories, fs, log),
        [CgroupMode.Unified] = (h, p, r, fs, log) => new CgroupV2Manager(h, p, r.CreatedDirectories, fs, log),
    };

    // Read once per process: create and delete each open the container's cgroup more than once,
    // and the host's mount table and /proc/self/cgroup do not change under one verb (mounts a
    // container without a mount namespace makes under its rootfs are not the host's layout).
    private static readonly Lazy<CgroupHost> ThisHost = new(() => CgroupHost.Detect());

    public static ICgroupManager Open(CgroupRequest request, CgroupHost? host = null, ICgroupFs? fs = null, ILogger? log = null)
    {
        var path = CgroupPath.Resolve(request.CgroupsPath, request.ContainerId, request.SystemdCgroup);
        host ??= ThisHost.Value;
        return Backends[host.Mode](host, path, request, fs ?? HostCgroupFs.Instance, log);
    }
}
