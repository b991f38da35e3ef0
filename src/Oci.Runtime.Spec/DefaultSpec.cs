namespace Oci.Runtime.Spec;

/// <summary>The config.json that <c>ocirt spec</c> writes: runc's example, with our spec version.</summary>
public static class DefaultSpec
{
    /// <summary>
    /// What <c>runc spec [--rootless]</c> writes on this host: like runc, a cgroup namespace
    /// only on a cgroup v2 host and, when rootless, mappings for the caller's euid/egid.
    /// </summary>
    public static Spec Create(bool rootless) =>
        Create(rootless, cgroupNamespace: IsCgroup2UnifiedHost(), hostUid: EffectiveIds.Uid(), hostGid: EffectiveIds.Gid());

    /// <summary>The same, with the host-dependent parts given explicitly.</summary>
    public static Spec Create(bool rootless, bool cgroupNamespace, uint hostUid, uint hostGid)
    {
        var spec = Example(cgroupNamespace);
        if (rootless)
            MakeRootless(spec, hostUid, hostGid);
        return spec;
    }

    private static Spec Example(bool cgroupNamespace)
    {
        List<string> defaultCaps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];
        List<LinuxNamespace> namespaces =
        [
            new() { Type = NamespaceTypes.Pid },
            new() { Type = NamespaceTypes.Network },
            new() { Type = NamespaceTypes.Ipc },
            new() { Type = NamespaceTypes.Uts },
            new() { Type = NamespaceTypes.Mount },
        ];
        if (cgroupNamespace)
            namespaces.Add(new() { Type = NamespaceTypes.Cgroup });
        return new Spec
        {
            OciVersion = SpecVersion.Current,
            Process = new Process
            {
                Terminal = true,
                User = new User(),
                Args = ["sh"],
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                Cwd = "/",
                // runc 1.1 (Debian 12's, the reference here) also lists the defaults as ambient; runc 1.2 dropped that.
                Capabilities = new LinuxCapabilities
                {
                    Bounding = [.. defaultCaps], Effective = [.. defaultCaps], Permitted = [.. defaultCaps], Ambient = [.. defaultCaps],
                },
                Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
                NoNewPrivileges = true,
            },
            Root = new Root { Path = "rootfs", Readonly = true },
            Hostname = "runc",
            Mounts =
            [
                new() { Destination = "/proc", Type = "proc", Source = "proc" },
                new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
                new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
                new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
                new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
                new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
                new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
            ],
            Linux = new LinuxConfig
            {
                Resources = new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }] },
                Namespaces = namespaces,
                MaskedPaths =
                [
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
                ],
                ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
            },
        };
    }

    // runc's ToRootless: no network namespace (an unprivileged user cannot set one up),
    // a user namespace mapping root to the caller, /sys bind-mounted since sysfs cannot be
    // mounted without a network namespace of one's own, no uid=/gid= options (ids that do
    // not exist in the namespace), and no cgroup resources (no delegation assumed).
    private static void MakeRootless(Spec spec, uint hostUid, uint hostGid)
    {
        var linux = spec.Linux!;
        linux.Namespaces = [.. linux.Namespaces!.Where(ns => ns.Type is not (NamespaceTypes.Network or NamespaceTypes.User))];
        linux.Namespaces.Add(new LinuxNamespace { Type = NamespaceTypes.User });
        linux.UidMappings = [new LinuxIdMapping { HostId = hostUid, ContainerId = 0, Size = 1 }];
        linux.GidMappings = [new LinuxIdMapping { HostId = hostGid, ContainerId = 0, Size = 1 }];
        spec.Mounts = [.. spec.Mounts!.Select(RootlessMount)];
        linux.Resources = null;
    }

    private static Mount RootlessMount(Mount mount)
    {
        if (mount.Destination.TrimEnd('/') == "/sys")
            return new Mount { Source = "/sys", Destination = "/sys", Type = "none", Options = ["rbind", "nosuid", "noexec", "nodev", "ro"] };
        var options = mount.Options?.Where(o => !o.StartsWith("gid=", StringComparison.Ordinal) && !o.StartsWith("uid=", StringComparison.Ordinal)).ToList();
        mount.Options = options is { Count: > 0 } ? options : null; // Go leaves a nil slice, which is omitted.
        return mount;
    }

    // runc checks the filesystem magic of /sys/fs/cgroup; cgroup.controllers exists at the
    // top of /sys/fs/cgroup only when cgroup2 is mounted there (not in hybrid mode).
    private static bool IsCgroup2UnifiedHost() => File.Exists("/sys/fs/cgroup/cgroup.controllers");
}
