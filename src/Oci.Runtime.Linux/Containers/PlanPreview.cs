using Oci.Runtime.Cgroups;
using Oci.Runtime.Linux.Setup;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// The plan `ocirt plan` compiles: the real one, except that nothing is opened or created.
/// The fds are numbered from 99 in the listing (the sync socket, the exec fifo, the console socket, then the
/// joined namespaces, the cgroup v1 `tasks` files, then the copies of bind sources in a user namespace) and stand for the ones create would open.
/// </summary>
public static class PlanPreview
{
    public static ContainerPlan For(CreateRequest request)
    {
        var rootfs = Path.GetFullPath(Path.Combine(request.Bundle, request.Spec.Root!.Path));
        var cgroup = ContainerCgroups.Guard(() => CgroupManagers.Open(
            new CgroupRequest(request.Id, request.Spec.Linux?.CgroupsPath, request.SystemdCgroup)));
        var next = 102;
        return ContainerPlans.Build(request, rootfs, cgroup, syncFd: 99, execFifoFd: 100,
            consoleSocketFd: request.ConsoleSocket is null ? null : 101, openNamespace: _ => next++,
            cgroupJoinFds: cgroup.JoinFiles.Select(path => (next++, path)).ToList(),
            cloneMount: (_, _) => next++, idmap: (_, _) => { });
    }
}
