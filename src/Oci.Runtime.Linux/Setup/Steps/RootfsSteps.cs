using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// The container's filesystem, in runc's order: stop mount events reaching the host, bind the
/// rootfs onto itself (pivot_root needs a mount point), mounts, /dev, the cwd, createContainer
/// hooks, pivot_root (or MS_MOVE + chroot with --no-pivot, or a chroot alone without a mount
/// namespace), a read-only /dev, then the root's own propagation and read-only flag.
/// </summary>
public static class RootfsSteps
{
    private static readonly Dictionary<string, long> Propagations = new()
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["shared"] = MS_SHARED, ["rshared"] = MS_SHARED | MS_REC, ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    public static void Emit(SetupEmitter e, ContainerPlan plan, bool runCreateContainerHooks)
    {
        var linux = plan.Spec.Linux;
        // mknod and mkdir must get exactly the modes the config asks for; the process's umask comes last.
        e.Syscall(Sys.Umask, "rootfs: clear the umask", Arg.Octal(0));

        var propagation = linux?.RootfsPropagation is { Length: > 0 } named ? Propagations[named] : MS_SLAVE | MS_REC;
        // Without a mount namespace "/" is the host's: its propagation is not the container's to change.
        if (!plan.SharesHostMounts)
        {
            // rslave by default: the container sees host mounts come and go, but its own never reach the host.
            // An unbindable "/" could not give the rootfs its bind mount: that mode waits for the new root.
            var first = (propagation & MS_UNBINDABLE) != 0 ? MS_SLAVE | MS_REC : propagation;
            e.Mount(Arg.Null, e.Str("/"), Arg.Null, first, Arg.Null, $"linux.rootfsPropagation: make \"/\" {linux?.RootfsPropagation ?? "rslave"}");
            if ((propagation & MS_SHARED) != 0)
            {
                // pivot_root refuses a shared parent mount: make the mount holding the rootfs private first (as runc).
                e.Mount(Arg.Null, e.Str(plan.RootfsParentMount), Arg.Null, MS_PRIVATE, Arg.Null,
                    $"root.path: make \"{plan.RootfsParentMount}\", the mount holding the rootfs, private for pivot_root");
            }
        }
        e.Mount(e.Str(plan.Rootfs), e.Str(plan.Rootfs), e.Str("bind"), MS_BIND | MS_REC, Arg.Null, $"root.path: bind \"{plan.Rootfs}\" onto itself");
        var root = e.Reg("root");
        e.OpenAt(Arg.Number(AT_FDCWD), plan.Rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC, root, $"root.path: open \"{plan.Rootfs}\"");

        MountSteps.Emit(e, plan, root);
        DeviceSteps.Emit(e, plan, root);
        if (plan.Spec.Process is { } process)
            PathSteps.MakeAll(e, root, PathSteps.Relative(process.Cwd), lastIsFile: false, "process.cwd");
        if (runCreateContainerHooks)
            e.Sync(SyncCode.CreateContainerHooks, "hooks.createContainer");

        e.Syscall(Sys.Fchdir, "root.path: enter the rootfs", Arg.In(root));
        if (plan.SharesHostMounts)
        {
            // pivot_root would swap the host's root: a chroot confines only this process.
            e.Syscall(Sys.Chroot, "root.path: chroot into the rootfs (no mount namespace)", e.Str("."));
        }
        else if (plan.NoPivot)
        {
            e.Mount(e.Str("."), e.Str("/"), Arg.Null, MS_MOVE, Arg.Null, "--no-pivot: move the rootfs onto \"/\"");
            e.Syscall(Sys.Chroot, "--no-pivot: chroot into the rootfs", e.Str("."));
        }
        else
        {
            // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the rootfs.
            // Making it rslave first keeps the detach from propagating to the host's mounts.
            e.Syscall(Sys.PivotRoot, "root.path: pivot_root", e.Str("."), e.Str("."));
            e.Mount(Arg.Null, e.Str("."), Arg.Null, MS_SLAVE | MS_REC, Arg.Null, "root.path: make the old root rslave");
            e.Syscall(Sys.Umount2, "root.path: detach the old root", e.Str("."), Arg.Flags(MNT_DETACH, "MNT_DETACH"));
        }
        e.Syscall(Sys.Chdir, "root.path: chdir to the new root", e.Str("/"));
        MountSteps.EmitReadOnlyDev(e, plan, root);
        e.Close(root, "root.path");

        if (linux?.RootfsPropagation is { Length: > 0 } && (propagation & (MS_SHARED | MS_UNBINDABLE | MS_PRIVATE)) != 0)
            e.Mount(Arg.Null, e.Str("/"), Arg.Null, propagation, Arg.Null, $"linux.rootfsPropagation: make the new \"/\" {linux.RootfsPropagation}");
        if (plan.Spec.Root?.Readonly == true)
        {
            var locked = plan.Spec.Linux?.Namespaces?.Any(n => n.Type == Spec.NamespaceTypes.User) == true ? plan.LockedMountFlags(plan.Rootfs) : 0;
            e.Mount(Arg.Null, e.Str("/"), Arg.Null, MS_BIND | MS_REMOUNT | MS_RDONLY | locked, Arg.Null, "root.readonly: remount \"/\" read-only");
        }
    }
}
