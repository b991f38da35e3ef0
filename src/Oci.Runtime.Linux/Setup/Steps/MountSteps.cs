using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// The config's mounts, in order. Each target is created inside the root if missing, opened
/// with RESOLVE_IN_ROOT, and mounted on through its /proc/self/fd path, so what is mounted
/// on is exactly what was resolved inside the root. Follow-up steps (read-only remount of a
/// bind, propagation, recursive attributes) reopen the target to act on the new mount.
/// </summary>
public static class MountSteps
{
    public static void Emit(SetupEmitter e, ContainerPlan plan, Register root)
    {
        var mounts = plan.Spec.Mounts ?? [];
        var mountedOver = new List<string>();
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var culprit = $"mounts[{i}]";
            var options = MountOptions.Parse(mount.Options);
            var relative = PathSteps.Relative(mount.Destination);
            // A plain bind in place of the copy the parent idmapped would show the source unmapped.
            if (options.Idmap && !plan.BindSourceTrees.ContainsKey(i))
                throw new OcirtException($"{culprit}: idmapped, but the runtime made no idmapped copy of \"{mount.Source}\" to attach");
            if (mount.Type == "cgroup")
            {
                CgroupMount(e, plan, root, relative, options, culprit);
                mountedOver.Add(relative);
                continue;
            }
            var source = Source(plan, mount, options);
            var kernelFilesystem = IsProcOrSysfs(mount, options);
            if (kernelFilesystem)
                RefuseAnythingButDirectory(e, root, relative, mount.Type!, culprit);
            // A destination that is a dangling symlink in the image: create what it names, inside the rootfs.
            var target = kernelFilesystem ? relative : plan.ResolveInRootfs(relative, mountedOver);
            // Before the target is made: a directory made here is no directory the tmpfs covers.
            var mode = IsTmpfs(mount) && !HasModeOption(options) ? ModeOfCoveredDirectory(e, root, relative, culprit) : (Register?)null;
            if (options.IsBind && source.StartsWith(plan.Rootfs + "/", StringComparison.Ordinal))
                MakeTargetLikeSource(e, root, target, source, culprit);
            else
                PathSteps.MakeAll(e, root, target, options.IsBind && plan.FileSources.Contains(source), culprit);
            mountedOver.Add(relative);
            mountedOver.Add(target);
            var description = $"{culprit}: mount \"{mount.Source ?? mount.Type}\" on \"{mount.Destination}\"";
            // Read-only comes last for a tmpfs (after its mode) and for /dev (after its submounts and devices), as in runc.
            var flags = options.Flags & ~MS_REMOUNT & ~(ReadOnlyLater(mount, options) ? MS_RDONLY : 0);
            var type = options.IsBind ? "bind" : mount.Type ?? "none";
            var firstFlags = options.IsBind ? flags & (MS_BIND | MS_REC) : flags;
            if (plan.BindSourceTrees.TryGetValue(i, out var tree))
                AttachTree(e, root, relative, tree, description);
            else
            {
                OnTarget(e, root, relative, description, path =>
                {
                    e.Mount(e.Str(source), Arg.In(path), e.Str(type), firstFlags, options.Data.Length > 0 ? e.Str(options.Data) : Arg.Null, description);
                    if (plan.InUserNamespace && mount.Type == "sysfs" && !options.IsBind)
                        BindWhenRefused(e, plan, root, relative, "/sys", flags, culprit, mount.Destination);
                });
            }
            if (options.IsBind && (flags & ~(MS_BIND | MS_REC)) != 0)
            {
                // A bind mount ignores every flag but MS_REC: they take a remount. In a user namespace
                // the kernel refuses to drop a flag locked on the source, so those are repeated.
                var locked = plan.InUserNamespace ? plan.LockedMountFlags(source) : 0;
                var remount = MS_REMOUNT | MS_BIND | (flags & ~MS_REC) | locked;
                OnTarget(e, root, relative, $"{culprit}: remount \"{mount.Destination}\" with its options", path =>
                    e.Mount(Arg.Null, Arg.In(path), Arg.Null, remount, Arg.Null, $"{culprit}: remount \"{mount.Destination}\""));
            }
            if (mode is { } covered)
            {
                OnTarget(e, root, relative, $"{culprit}: chmod \"{mount.Destination}\" to the mode of the directory it covers", path =>
                    e.Syscall(Sys.Fchmodat, $"{culprit}: chmod \"{mount.Destination}\"", Arg.Number(AT_FDCWD), Arg.In(path), Arg.In(covered), Arg.Number(0)));
            }
            if (IsTmpfs(mount) && ReadOnlyLater(mount, options) && relative != "dev")
                RemountReadOnly(e, root, relative, options, culprit, mount.Destination);
            ApplyPropagationAndAttributes(e, root, relative, options, culprit, mount.Destination);
        }
    }

    /// <summary>
    /// A kernel filesystem refused in a user namespace (sysfs without CAP_SYS_ADMIN over the
    /// network namespace's owner; cgroup2 without a cgroup namespace of its own, or already
    /// mounted there by an rbind of /sys): the host's <paramref name="hostSource"/> is bound
    /// instead, with the mount's flags and those the kernel locks on it, as runc and crun do.
    /// The mount op just emitted branches here on EPERM (or <paramref name="alsoErrno"/>).
    /// </summary>
    private static void BindWhenRefused(SetupEmitter e, ContainerPlan plan, Register root, string relative, string hostSource, long flags,
        string culprit, string destination, int alsoErrno = 0)
    {
        var refusedMount = e.Program.Ops.Count - 1;
        OnFreshTarget(e, root, relative, $"{culprit}: refused (EPERM): bind the host's {hostSource} on \"{destination}\"",
            (path, what) => e.Mount(e.Str(hostSource), Arg.In(path), e.Str("bind"), MS_BIND | MS_REC, Arg.Null, what));
        // Through a new fd again: the one the bind went through names the directory under it.
        var remount = MS_REMOUNT | MS_BIND | (flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)) | plan.LockedMountFlags(hostSource);
        OnFreshTarget(e, root, relative, $"{culprit}: remount the host's {hostSource} on \"{destination}\" with the mount's options",
            (path, what) => e.Mount(Arg.Null, Arg.In(path), Arg.Null, remount, Arg.Null, what));
        var fallback = e.Program.Ops.Count - refusedMount - 1;
        e.Program.Patch(refusedMount, op => op with { AlternateErrno = Errno.EPERM, AlsoAlternateErrno = alsoErrno, SkipOnSuccess = fallback });
    }

    /// <summary><see cref="OnTarget"/> while the target's own fd is still open: another register, the same path slot (its path is no longer used).</summary>
    private static void OnFreshTarget(SetupEmitter e, Register root, string relative, string what, Action<Register, string> act)
    {
        var fresh = e.Reg("fresh target");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, fresh, what);
        act(e.FdPath(fresh, 0, what), what);
        e.Close(fresh, what);
    }

    /// <summary>
    /// After pivot_root (runc's finalizeRootfs): a read-only /dev is made so once its devices,
    /// symlinks and submounts (/dev/pts, /dev/shm, …) exist.
    /// </summary>
    public static void EmitReadOnlyDev(SetupEmitter e, ContainerPlan plan, Register root)
    {
        var mounts = plan.Spec.Mounts ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            var options = MountOptions.Parse(mounts[i].Options);
            if (mounts[i].Type != "cgroup" && PathSteps.Relative(mounts[i].Destination) == "dev" && ReadOnlyLater(mounts[i], options))
                RemountReadOnly(e, root, "dev", options, $"mounts[{i}]", mounts[i].Destination);
        }
    }

    public const string OrdinaryDirectoryRequired = "must be mounted on ordinary directory";

    private static bool IsProcOrSysfs(Mount mount, MountOptions options) => mount.Type is "proc" or "sysfs" && !options.IsBind;

    /// <summary>
    /// proc and sysfs go on a directory that is there, or on one made here, never through a
    /// symlink: an image whose /proc leads elsewhere would move proc away from where maskedPaths
    /// and readonlyPaths are applied (CVE-2019-19921). O_NOFOLLOW with O_DIRECTORY fails with
    /// ENOTDIR on a symlink and on a file alike; ENOENT lets MakeAll create the directory.
    /// </summary>
    private static void RefuseAnythingButDirectory(SetupEmitter e, Register root, string relative, string type, string culprit)
    {
        var existing = e.Reg("existing");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0, PathSteps.InRoot, existing,
            $"{culprit}: filesystem \"{type}\" {OrdinaryDirectoryRequired}");
        e.Then(existing, alternateErrno: Errno.ENOENT, skipOnAlternate: 1);
        e.Close(existing, culprit);
    }

    private static bool IsTmpfs(Mount mount) => mount.Type == "tmpfs" && !MountOptions.Parse(mount.Options).IsBind;

    private static bool HasModeOption(MountOptions options) =>
        options.Data.Split(',').Any(o => o.StartsWith("mode=", StringComparison.Ordinal));

    private static bool ReadOnlyLater(Mount mount, MountOptions options) =>
        (options.Flags & MS_RDONLY) != 0 && (IsTmpfs(mount) || PathSteps.Relative(mount.Destination) == "dev");

    /// <summary>A bind remount changes only the mount's flags, so the others (nosuid, nodev, …) are repeated.</summary>
    private static void RemountReadOnly(SetupEmitter e, Register root, string relative, MountOptions options, string culprit, string destination)
    {
        var flags = MS_REMOUNT | MS_BIND | MS_RDONLY | (options.Flags & ~(MS_BIND | MS_REC | MS_REMOUNT));
        OnTarget(e, root, relative, $"{culprit}: make \"{destination}\" read-only", path =>
            e.Mount(Arg.Null, Arg.In(path), Arg.Null, flags, Arg.Null, $"{culprit}: remount \"{destination}\" read-only"));
    }

    /// <summary>
    /// A tmpfs without mode= takes the mode of the directory it covers, as runc's does (a
    /// drwsrwsrwt /data stays so). The mode is read at the mount's turn, so an earlier mount
    /// counts; no directory there leaves the tmpfs's own 1777 (the statx buffer starts with it).
    /// </summary>
    private static Register ModeOfCoveredDirectory(SetupEmitter e, Register root, string relative, string culprit)
    {
        const int StatxModeOffset = 28, StatxMode = 0x2;
        var statx = new byte[256];
        BitConverter.TryWriteBytes(statx.AsSpan(StatxModeOffset), (ushort)0x3ff);
        var buffer = e.Program.Bytes(statx, "&statx");
        var covered = e.Reg("covered");
        var mode = e.Reg("mode");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, covered, $"{culprit}: open the directory \"/{relative}\" covers");
        e.Then(covered, alternateErrno: Errno.ENOENT, skipOnAlternate: 2);
        e.Syscall(Sys.Statx, $"{culprit}: stat \"/{relative}\"", Arg.In(covered), e.Str(""), Arg.Flags(AT_EMPTY_PATH, "AT_EMPTY_PATH"),
            Arg.Flags(StatxMode, "STATX_MODE"), buffer);
        e.Close(covered, culprit);
        e.Program.Append(new SetupOp(OpCode.MaskWord, null,
            [new Arg(ArgKind.Data, buffer.Value + StatxModeOffset, "&statx.stx_mode"), Arg.Octal(0xfff), Arg.Number(0)],
            $"{culprit}: the mode of \"/{relative}\"") { Result = mode });
        return mode;
    }

    /// <summary>
    /// A bind source inside the rootfs may lie under an earlier mount of this config: whether it
    /// is a file or a directory is asked at its turn, in the container's mount namespace, and
    /// the target made the same.
    /// </summary>
    private static void MakeTargetLikeSource(SetupEmitter e, Register root, string relative, string source, string culprit)
    {
        var probe = e.Reg("source");
        e.OpenAt(Arg.Number(AT_FDCWD), source, O_PATH | O_DIRECTORY | O_CLOEXEC, probe, $"{culprit}: stat \"{source}\"");
        var probeIndex = e.Program.Ops.Count - 1;
        e.Close(probe, culprit);
        PathSteps.MakeAll(e, root, relative, lastIsFile: false, culprit);
        var lastOfDirectory = e.Program.Ops.Count - 1;
        var fileStart = e.Program.Ops.Count;
        PathSteps.MakeAll(e, root, relative, lastIsFile: true, culprit);
        var fileLength = e.Program.Ops.Count - fileStart;
        // ENOTDIR: a file; jump to the file branch. The directory branch ends by jumping over it.
        e.Program.Patch(probeIndex, op => op with { AlternateErrno = Errno.ENOTDIR, SkipOnAlternate = fileStart - probeIndex - 1 });
        e.Program.Patch(lastOfDirectory, op => op with
        {
            SkipOnSuccess = op.SkipOnSuccess + fileLength,
            SkipOnAlternate = op.AlternateErrno != 0 ? op.SkipOnAlternate + fileLength : 0,
        });
    }

    public static void ApplyPropagationAndAttributes(SetupEmitter e, Register root, string relative, MountOptions options, string culprit, string destination)
    {
        foreach (var mode in PropagationModes(options.Propagation))
        {
            OnTarget(e, root, relative, $"{culprit}: set propagation of \"{destination}\"", path =>
                e.Mount(Arg.Null, Arg.In(path), Arg.Null, mode, Arg.Null, $"{culprit}: set propagation of \"{destination}\""));
        }
        if (options.AttrSet == 0 && options.AttrClear == 0)
            return;
        var target = e.Reg("target");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, $"{culprit}: open \"{destination}\"");
        var attr = new byte[32];
        BitConverter.TryWriteBytes(attr.AsSpan(0), options.AttrSet);
        BitConverter.TryWriteBytes(attr.AsSpan(8), options.AttrClear);
        e.Syscall(Sys.MountSetattr, $"{culprit}: set recursive attributes of \"{destination}\"",
            Arg.In(target), e.Str(""), Arg.Flags(AT_EMPTY_PATH | AT_RECURSIVE, "AT_EMPTY_PATH|AT_RECURSIVE"),
            e.Program.Bytes(attr, $"{{set=0x{options.AttrSet:x}, clear=0x{options.AttrClear:x}}}"), Arg.Number(32));
        e.Close(target, culprit);
    }

    /// <summary>A bind in a user namespace: attach the parent's copy of the source (see BindSourceTrees) to the target opened inside the root.</summary>
    private static void AttachTree(SetupEmitter e, Register root, string relative, int tree, string culprit)
    {
        var target = e.Reg("target");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, culprit);
        e.Syscall(Sys.MoveMount, culprit, SetupEmitter.Fd(tree), e.Str(""), Arg.In(target), e.Str(""),
            Arg.Flags(MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH, "MOVE_MOUNT_F_EMPTY_PATH|MOVE_MOUNT_T_EMPTY_PATH"));
        e.Close(target, culprit);
        e.Syscall(Sys.Close, culprit, SetupEmitter.Fd(tree));
    }

    /// <summary>open the target inside the root, act on its /proc/self/fd path, close it.</summary>
    public static void OnTarget(SetupEmitter e, Register root, string relative, string culprit, Action<Register> act)
    {
        var target = e.Reg("target");
        e.OpenAt2(Arg.In(root), relative, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, culprit);
        var path = e.FdPath(target, 0, culprit);
        act(path);
        e.Close(target, culprit);
    }

    /// <summary>Bind sources are host paths; a relative one is relative to the bundle, as runc takes it.</summary>
    private static string Source(ContainerPlan plan, Mount mount, MountOptions options)
    {
        var source = mount.Source ?? "";
        if (options.IsBind && source.Length > 0 && !source.StartsWith('/'))
            return Path.GetFullPath(Path.Combine(plan.Bundle, source));
        return source.Length > 0 ? source : mount.Type ?? "none";
    }

    /// <summary>
    /// "cgroup" mounts: cgroup2 itself on a unified host (the cgroup namespace scopes it); on a
    /// v1 host a tmpfs holding a bind of the container's directory in each hierarchy, as runc does.
    /// </summary>
    private static void CgroupMount(SetupEmitter e, ContainerPlan plan, Register root, string relative, MountOptions options, string culprit)
    {
        PathSteps.MakeAll(e, root, relative, lastIsFile: false, culprit);
        var flags = options.Flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
        if (plan.CgroupV2)
        {
            OnTarget(e, root, relative, $"{culprit}: mount cgroup2", path =>
            {
                e.Mount(e.Str("cgroup2"), Arg.In(path), e.Str("cgroup2"), flags, Arg.Null, $"{culprit}: mount cgroup2 on \"/{relative}\"");
                if (plan.InUserNamespace)
                    BindWhenRefused(e, plan, root, relative, plan.CgroupV2Directory ?? "/sys/fs/cgroup", flags, culprit, "/" + relative, alsoErrno: Errno.EBUSY);
            });
            return;
        }
        OnTarget(e, root, relative, $"{culprit}: mount tmpfs for the cgroup hierarchies", path =>
            e.Mount(e.Str("tmpfs"), Arg.In(path), e.Str("tmpfs"), MS_NOSUID | MS_NODEV | MS_NOEXEC, e.Str("mode=755"), $"{culprit}: mount tmpfs on \"/{relative}\""));
        foreach (var (name, hostPath) in plan.CgroupV1Binds)
        {
            var sub = relative + "/" + name;
            PathSteps.MakeAll(e, root, sub, lastIsFile: false, culprit);
            OnTarget(e, root, sub, $"{culprit}: bind cgroup \"{hostPath}\"", path =>
                e.Mount(e.Str(hostPath), Arg.In(path), e.Str("bind"), MS_BIND | MS_REC, Arg.Null, $"{culprit}: bind \"{hostPath}\" on \"/{sub}\""));
            OnTarget(e, root, sub, $"{culprit}: remount \"/{sub}\"", path =>
                e.Mount(Arg.Null, Arg.In(path), Arg.Null, MS_REMOUNT | MS_BIND | flags | MS_NOSUID | MS_NODEV | MS_NOEXEC, Arg.Null, $"{culprit}: remount \"/{sub}\""));
        }
        if ((flags & MS_RDONLY) != 0)
        {
            OnTarget(e, root, relative, $"{culprit}: make \"/{relative}\" read-only", path =>
                e.Mount(Arg.Null, Arg.In(path), Arg.Null, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, e.Str("mode=755"), $"{culprit}: remount \"/{relative}\" read-only"));
        }
    }

    /// <summary>The kernel takes one propagation type per mount(2): shared and slave together take two calls.</summary>
    private static IEnumerable<long> PropagationModes(long propagation)
    {
        var recursive = propagation & MS_REC;
        foreach (var mode in new[] { MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_UNBINDABLE })
        {
            if ((propagation & mode) != 0)
                yield return mode | recursive;
        }
    }
}
