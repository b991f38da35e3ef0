using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// /dev: the devices every container gets (runc's list), linux.devices, and the standard
/// symlinks. Outside a user namespace a device is made with mknod; inside one (the
/// container's, or the one the runtime itself runs in) mknod is not allowed, so the host's
/// device node is bind-mounted instead, as runc does.
/// </summary>
public static class DeviceSteps
{
    private sealed record Device(string Path, string Type, long Major, long Minor, uint Mode, uint Uid, uint Gid, string Culprit);

    private static readonly Device[] Defaults =
    [
        new("/dev/null", "c", 1, 3, 0x1b6, 0, 0, "default device /dev/null"),
        new("/dev/zero", "c", 1, 5, 0x1b6, 0, 0, "default device /dev/zero"),
        new("/dev/full", "c", 1, 7, 0x1b6, 0, 0, "default device /dev/full"),
        new("/dev/random", "c", 1, 8, 0x1b6, 0, 0, "default device /dev/random"),
        new("/dev/urandom", "c", 1, 9, 0x1b6, 0, 0, "default device /dev/urandom"),
        new("/dev/tty", "c", 5, 0, 0x1b6, 0, 0, "default device /dev/tty"),
    ];

    /// <summary>runc sets /dev up unless the config bind-mounts it from elsewhere.</summary>
    public static bool ContainerOwnsDev(ContainerPlan plan) =>
        !(plan.Spec.Mounts ?? []).Any(m => PathSteps.Relative(m.Destination) == "dev" && MountOptions.Parse(m.Options).IsBind);

    public static void Emit(SetupEmitter e, ContainerPlan plan, Register root)
    {
        if (!ContainerOwnsDev(plan))
            return;
        var configured = (plan.Spec.Linux?.Devices ?? []).Select((d, i) => new Device(
            d.Path, d.Type, d.Major ?? 0, d.Minor ?? 0, d.FileMode ?? 0x1b6, d.Uid ?? 0, d.Gid ?? 0, $"linux.devices[{i}]"));
        var devices = Defaults.Where(d => !(plan.Spec.Linux?.Devices ?? []).Any(c => c.Path == d.Path)).Concat(configured);
        foreach (var device in devices)
        {
            if (plan.InUserNamespace)
                BindHostDevice(e, root, device);
            else
                MakeNode(e, root, device);
        }
        Symlinks(e, plan, root);
    }

    private static void MakeNode(SetupEmitter e, Register root, Device device)
    {
        var relative = PathSteps.Relative(device.Path);
        var parentRelative = relative.Contains('/') ? relative[..relative.LastIndexOf('/')] : "";
        var name = relative[(relative.LastIndexOf('/') + 1)..];
        PathSteps.MakeAll(e, root, parentRelative, lastIsFile: false, device.Culprit);
        var parent = e.Reg("parent");
        // A device at the top of the rootfs ("/foo-dev"): openat2 takes "." for the root itself, not "".
        e.OpenAt2(Arg.In(root), parentRelative.Length == 0 ? "." : parentRelative, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, PathSteps.InRoot, parent,
            $"{device.Culprit}: open \"/{parentRelative}\"");
        var type = device.Type switch { "b" => S_IFBLK, "p" => S_IFIFO, _ => S_IFCHR };
        var mode = type | (device.Mode & 0xfff);
        e.Syscall(Sys.Mknodat, $"{device.Culprit}: mknod \"{device.Path}\"", Arg.In(parent), e.Str(name),
            Arg.Flags(mode, $"{(device.Type == "b" ? "S_IFBLK" : device.Type == "p" ? "S_IFIFO" : "S_IFCHR")}|0{Convert.ToString(device.Mode & 0xfff, 8)}"),
            Arg.Flags(MakeDev(device.Major, device.Minor), $"makedev({device.Major}, {device.Minor})"));
        e.Syscall(Sys.Fchownat, $"{device.Culprit}: chown \"{device.Path}\"", Arg.In(parent), e.Str(name),
            Arg.Number(device.Uid), Arg.Number(device.Gid), Arg.Flags(AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"));
        e.Close(parent, device.Culprit);
    }

    private static void BindHostDevice(SetupEmitter e, Register root, Device device)
    {
        var relative = PathSteps.Relative(device.Path);
        PathSteps.MakeAll(e, root, relative, lastIsFile: true, device.Culprit);
        MountSteps.OnTarget(e, root, relative, $"{device.Culprit}: bind \"{device.Path}\"", path =>
            e.Mount(e.Str(device.Path), Arg.In(path), e.Str("bind"), MS_BIND, Arg.Null, $"{device.Culprit}: bind host \"{device.Path}\""));
    }

    private static void Symlinks(SetupEmitter e, ContainerPlan plan, Register root)
    {
        var links = new List<(string Target, string Name)>
        {
            ("/proc/self/fd", "fd"), ("/proc/self/fd/0", "stdin"), ("/proc/self/fd/1", "stdout"), ("/proc/self/fd/2", "stderr"),
            ("pts/ptmx", "ptmx"),
        };
        if (plan.HostHasKcore)
            links.Add(("/proc/kcore", "core"));
        var dev = e.Reg("dev");
        e.OpenAt2(Arg.In(root), "dev", O_PATH | O_DIRECTORY | O_CLOEXEC, 0, PathSteps.InRoot, dev, "/dev: open");
        foreach (var (target, name) in links)
        {
            e.Syscall(Sys.Symlinkat, $"/dev: symlink \"/dev/{name}\" to \"{target}\"", e.Str(target), Arg.In(dev), e.Str(name));
            e.Then(alternateErrno: Errno.EEXIST);
        }
        e.Close(dev, "/dev");
    }

    /// <summary>The kernel's new_encode_dev layout (what glibc's makedev computes).</summary>
    public static long MakeDev(long major, long minor) =>
        ((major & 0xfffff000L) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xff);
}
