using Oci.Runtime.Cgroups;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>Gathers what the setup-program compiler needs: the request, host facts, and the fds handed to the init.</summary>
public static class ContainerPlans
{
    public static Setup.ContainerPlan Build(CreateRequest request, string rootfs, ICgroupManager? cgroup, int syncFd,
        int execFifoFd, int? consoleSocketFd, Func<LinuxNamespace, int> openNamespace, IReadOnlyList<(int Fd, string Path)> cgroupJoinFds,
        Func<string, bool, int> cloneMount, Action<int, int> idmap)
    {
        var spec = request.Spec;
        var listenFds = HostFacts.ListenFds();
        return new Setup.ContainerPlan
        {
            Spec = spec,
            Bundle = request.Bundle,
            Rootfs = rootfs,
            RootfsParentMount = MountTable.MountPointOf(rootfs),
            SyncFd = syncFd,
            ExecFifoFd = execFifoFd,
            ConsoleSocketFd = consoleSocketFd,
            JoinedNamespaceFds = (spec.Linux?.Namespaces ?? []).Where(n => n.Path is { Length: > 0 }).ToDictionary(n => n.Type, openNamespace),
            PreservedFds = request.PreserveFds + listenFds,
            ListenFds = listenFds,
            ForeignPreservedFds = CallerFds.ClosedAtStart(request.PreserveFds + listenFds),
            NoPivot = request.NoPivot,
            UnprivilegedParent = !Environment.IsPrivilegedProcess,
            DeniesSetgroups = !Environment.IsPrivilegedProcess
                && spec.Linux?.Namespaces?.Any(n => n.Type == NamespaceTypes.User && string.IsNullOrEmpty(n.Path)) == true
                && IdMaps.IsOwnIdOnly(spec.Linux?.GidMappings, EffectiveIds.Gid()),
            RuntimeInUserNamespace = HostFacts.InUserNamespace(),
            LastCapability = HostFacts.LastCapability(),
            GrantableCapabilities = HostFacts.GrantableCapabilities(),
            HostHasKcore = HostFacts.HasKcore(),
            FileSources = FileSources(request),
            BindSourceTrees = BindSourceTrees.Open(spec, request.Bundle, rootfs, cloneMount, idmap),
            LockedMountFlags = path => MountTable.LockedFlagsOf(path),
            ResolveInRootfs = (relative, mountedOver) => RootfsSymlinks.Resolve(rootfs, relative, mountedOver),
            DefaultHome = HostFacts.HomeOf(rootfs, spec.Process?.User.Uid ?? 0),
            CgroupJoinFds = cgroupJoinFds,
            CgroupV2 = cgroup?.Mode == CgroupMode.Unified,
            CgroupV2Directory = cgroup?.Mode == CgroupMode.Unified ? cgroup.UnifiedPath : null,
            CgroupV1Binds = cgroup?.V1Directories.Select(d => (Path.GetFileName(d.MountPoint), d.Directory)).ToList() ?? [],
        };
    }

    /// <summary>Bind sources that are files: their mount targets are created as files, not directories.</summary>
    private static HashSet<string> FileSources(CreateRequest request) =>
        (request.Spec.Mounts ?? [])
            .Where(m => m.Source is { Length: > 0 })
            .Select(m => m.Source!.StartsWith('/') ? m.Source : Path.GetFullPath(Path.Combine(request.Bundle, m.Source!)))
            .Where(File.Exists)
            .ToHashSet();
}
