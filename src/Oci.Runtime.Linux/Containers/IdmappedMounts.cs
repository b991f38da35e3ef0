using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Idmapped bind mounts (runtime-spec 1.2: options "idmap"/"ridmap", mounts[].uidMappings and
/// gidMappings). The parent idmaps its detached copy of the source (<see cref="BindSourceTrees"/>)
/// with mount_setattr(MOUNT_ATTR_IDMAP) before the init attaches it: the kernel wants a user
/// namespace fd holding the mapping, the mount's own or, without one, the container's.
/// </summary>
public static class IdmappedMounts
{
    public static void Apply(int tree, Spec.Spec spec, int index, OpenFds fds)
    {
        var mount = spec.Mounts![index];
        var culprit = $"mounts[{index}]";
        var options = MountOptions.Parse(mount.Options);
        var joined = spec.Linux?.Namespaces?.FirstOrDefault(n => n.Type == NamespaceTypes.User && n.Path is { Length: > 0 });
        var userNamespace = mount.UidMappings is { Count: > 0 } uids
            ? Create(uids, mount.GidMappings!, culprit, fds)
            : joined is not null
                ? fds.Open(joined.Path!, OpenFds.ReadOnly, $"{culprit}: the container's user namespace")
                : Create(spec.Linux?.UidMappings ?? [], spec.Linux?.GidMappings ?? [], culprit, fds);
        var result = Syscalls.IdmapTree(tree, userNamespace, options.RecursiveIdmap);
        if (result < 0)
        {
            var errno = (int)-result;
            var why = errno == Errno.EINVAL ? " (the source's filesystem cannot be idmapped, or the mapping is empty)"
                : errno == Errno.EPERM ? " (idmapping needs CAP_SYS_ADMIN over the filesystem's user namespace: not rootless)"
                : "";
            throw new OcirtException($"{culprit}: idmap \"{mount.Source}\": mount_setattr: {Errno.Describe(errno)}{why}");
        }
    }

    /// <summary>
    /// A user namespace with the given maps: a child born in it waits at a sync point while the
    /// parent writes the maps and opens its ns file, then is killed; the fd keeps the namespace.
    /// It runs nothing but that wait, and closes every fd it inherited first.
    /// </summary>
    private static int Create(IReadOnlyList<LinuxIdMapping> uids, IReadOnlyList<LinuxIdMapping> gids, string culprit, OpenFds fds)
    {
        var channel = SyncChannel.Create();
        var e = new SetupEmitter(new SetupProgram { CloneFlags = CLONE_NEWUSER });
        InheritedFdSteps.CloseAllBut(e, [0, 1, 2, channel.ChildEnd]);
        e.Sync(SyncCode.IdMaps, $"{culprit}: wait for the maps of the idmapped mount's user namespace");
        var (child, sync) = Spawner.Spawn(e.Program, channel);
        using (child)
        using (sync)
        {
            try
            {
                if (sync.Receive() is not { Kind: ChildMessageKind.Sync, A: (int)SyncCode.IdMaps })
                    throw new OcirtException($"{culprit}: the process holding the idmapped mount's user namespace exited early");
                IdMaps.WriteAsRoot(child.Pid, uids, gids, culprit);
                return fds.Open($"/proc/{child.Pid}/ns/user", OpenFds.ReadOnly, $"{culprit}: the idmapped mount's user namespace");
            }
            finally
            {
                child.Terminate();
            }
        }
    }
}
