using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// After pivot_root, in runc's order: sysctls, then readonlyPaths, then maskedPaths (so a
/// sysctl can still be written under a /proc/sys that is about to become read-only). Paths
/// are resolved inside the new root without magic links.
/// </summary>
public static class KernelSteps
{
    public static void Emit(SetupEmitter e, ContainerPlan plan)
    {
        Sysctls(e, plan);
        ReadonlyPaths(e, plan);
        MaskedPaths(e, plan);
    }

    private static void Sysctls(SetupEmitter e, ContainerPlan plan)
    {
        foreach (var (key, value) in plan.Spec.Linux?.Sysctl ?? [])
        {
            SysctlNamespaces.Check(plan.Spec, key);
            var path = "/proc/sys/" + key.Replace('.', '/');
            var culprit = $"linux.sysctl[\"{key}\"]";
            var fd = e.Reg("sysctl");
            e.OpenAt2(Arg.Number(AT_FDCWD), path, O_WRONLY | O_CLOEXEC, 0, PathSteps.InRoot, fd, $"{culprit}: open \"{path}\"");
            e.Syscall(Sys.Write, $"{culprit}: write \"{value}\"", Arg.In(fd), e.Str(value), Arg.Number(System.Text.Encoding.UTF8.GetByteCount(value)));
            e.Close(fd, culprit);
        }
    }

    private static void ReadonlyPaths(SetupEmitter e, ContainerPlan plan)
    {
        var paths = plan.Spec.Linux?.ReadonlyPaths ?? [];
        for (var i = 0; i < paths.Count; i++)
        {
            var culprit = $"linux.readonlyPaths[{i}]";
            var path = paths[i];
            var target = e.Reg("target");
            // A path the container does not have is skipped (ENOENT), as runc does.
            e.OpenAt2(Arg.Number(AT_FDCWD), path, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, $"{culprit}: open \"{path}\"");
            e.Then(target, alternateErrno: Errno.ENOENT, skipOnAlternate: 7);
            var fdPath = e.FdPath(target, 0, culprit);
            e.Mount(Arg.In(fdPath), Arg.In(fdPath), e.Str("bind"), MS_BIND | MS_REC, Arg.Null, $"{culprit}: bind \"{path}\" onto itself");
            e.Close(target, culprit);
            // The remount acts on the new bind mount, so the target is opened again. The flags of the
            // mount it sits in (proc: nosuid, nodev, noexec) are kept: a user namespace cannot drop them.
            var locked = EnclosingMountFlags(plan, path);
            e.OpenAt2(Arg.Number(AT_FDCWD), path, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, $"{culprit}: open \"{path}\"");
            e.FdPath(target, 0, culprit);
            e.Mount(Arg.Null, Arg.In(fdPath), Arg.Null, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | locked, Arg.Null, $"{culprit}: remount \"{path}\" read-only");
            e.Close(target, culprit);
        }
    }

    private static void MaskedPaths(SetupEmitter e, ContainerPlan plan)
    {
        var paths = plan.Spec.Linux?.MaskedPaths ?? [];
        for (var i = 0; i < paths.Count; i++)
        {
            var culprit = $"linux.maskedPaths[{i}]";
            var path = paths[i];
            var target = e.Reg("target");
            e.OpenAt2(Arg.Number(AT_FDCWD), path, O_PATH | O_CLOEXEC, 0, PathSteps.InRoot, target, $"{culprit}: open \"{path}\"");
            e.Then(target, alternateErrno: Errno.ENOENT, skipOnAlternate: 4);
            var fdPath = e.FdPath(target, 0, culprit);
            // A file is masked by /dev/null; binding a file on a directory fails with ENOTDIR, and a
            // directory is masked by an empty read-only tmpfs instead.
            e.Mount(e.Str("/dev/null"), Arg.In(fdPath), e.Str("bind"), MS_BIND, Arg.Null, $"{culprit}: mask \"{path}\" with /dev/null");
            e.Then(alternateErrno: Errno.ENOTDIR, skipOnAlternate: 0, skipOnSuccess: 1);
            e.Mount(e.Str("tmpfs"), Arg.In(fdPath), e.Str("tmpfs"), MS_RDONLY, Arg.Null, $"{culprit}: mask \"{path}\" with an empty tmpfs");
            e.Close(target, culprit);
        }
    }

    /// <summary>nosuid/nodev/noexec of the config mount that holds <paramref name="path"/>.</summary>
    private static long EnclosingMountFlags(ContainerPlan plan, string path)
    {
        var relative = PathSteps.Relative(path);
        var holder = (plan.Spec.Mounts ?? [])
            .Where(m => { var d = PathSteps.Relative(m.Destination); return relative == d || relative.StartsWith(d + "/", StringComparison.Ordinal); })
            .OrderByDescending(m => PathSteps.Relative(m.Destination).Length)
            .FirstOrDefault();
        return holder is null ? 0 : MountOptions.Parse(holder.Options).Flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
    }
}
