using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Bind mounts of a container with a user namespace. The init mounts as the container's root,
/// a uid the host may not let through the source's parent directories (a 0700 directory of
/// the host's root on the way is EACCES for mount(2)). So the parent, still the host's root,
/// takes a detached copy of each source with open_tree(OPEN_TREE_CLONE), and the init attaches
/// it with move_mount: the path is looked up with the host's credentials, as runc (sources
/// opened by its privileged parent) and crun (open_tree in the parent) do. An idmapped bind
/// mount always gets its copy, whatever the namespaces: the idmapping is set on that copy.
/// </summary>
public static class BindSourceTrees
{
    /// <returns>Mount index → fd of the detached copy, for the bind mounts that have one.</returns>
    /// <param name="cloneMount">open_tree of (host path, recursive): an fd, or -errno.</param>
    /// <param name="idmap">Idmaps the copy (fd) of mount i.</param>
    public static IReadOnlyDictionary<int, int> Open(Spec.Spec spec, string bundle, string rootfs, Func<string, bool, int> cloneMount, Action<int, int> idmap)
    {
        var trees = new Dictionary<int, int>();
        var userNamespace = spec.Linux?.Namespaces?.Any(n => n.Type == NamespaceTypes.User) == true;
        var mounts = spec.Mounts ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            var options = MountOptions.Parse(mounts[i].Options);
            if (options.Idmap && (!options.IsBind || mounts[i].Source is not { Length: > 0 }))
                throw new OcirtException($"mounts[{i}].options: \"{(options.RecursiveIdmap ? "ridmap" : "idmap")}\" is for bind mounts with a source");
            if (!(userNamespace || options.Idmap) || !options.IsBind || mounts[i].Type == "cgroup" || mounts[i].Source is not { Length: > 0 } source)
                continue;
            var path = source.StartsWith('/') ? source : Path.GetFullPath(Path.Combine(bundle, source));
            var inRootfs = path == rootfs || path.StartsWith(rootfs.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inRootfs && options.Idmap)
                throw new OcirtException($"mounts[{i}]: an idmapped mount's source must lie outside the rootfs: \"{path}\"");
            // A source in the rootfs is the container's own, and may lie under an earlier mount of
            // the config that only the init's mount namespace has: the init binds it itself.
            if (inRootfs)
                continue;
            var fd = cloneMount(path, (options.Flags & MS_REC) != 0);
            if (options.Idmap)
            {
                if (fd < 0)
                    throw new OcirtException($"mounts[{i}]: idmap \"{path}\": open_tree: {Errno.Describe(-fd)}"
                        + (fd == -Errno.EPERM ? " (an idmapped mount needs CAP_SYS_ADMIN over the source's mount namespace: not rootless)" : ""));
                idmap(fd, i);
            }
            // No copy (a kernel without open_tree, a missing source): the init mounts the path
            // itself and reports what the kernel says about it there.
            if (fd >= 0)
                trees[i] = fd;
        }
        return trees;
    }
}
