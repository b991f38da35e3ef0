using RuntimeSpec = Oci.Runtime.Spec.Spec;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// Everything the compiler needs besides the spec: facts the parent found out about the host
/// and the fds it opened for the child. Keeping them here makes compilation a pure function,
/// tested on its output.
/// </summary>
public sealed record ContainerPlan
{
    public required RuntimeSpec Spec { get; init; }

    /// <summary>The bundle directory: relative bind sources and root.path are resolved against it.</summary>
    public required string Bundle { get; init; }

    /// <summary>root.path made absolute against the bundle.</summary>
    public required string Rootfs { get; init; }

    /// <summary>The child's end of the sync socket.</summary>
    public required int SyncFd { get; init; }

    /// <summary>The mount point of the host mount that holds the rootfs (made private when "/" is shared).</summary>
    public string RootfsParentMount { get; init; } = "/";

    /// <summary>An O_PATH fd of the exec fifo that the child reopens for writing to wait for `start`;
    /// -1 for a container `run` starts at once: its init goes on to exec when Ready is answered.</summary>
    public required int ExecFifoFd { get; init; }

    /// <summary>A connected --console-socket the pty's master is sent over.</summary>
    public int? ConsoleSocketFd { get; init; }

    /// <summary>Fds opened on each joined namespace's path, by spec namespace type.</summary>
    public IReadOnlyDictionary<string, int> JoinedNamespaceFds { get; init; } = new Dictionary<string, int>();

    /// <summary>--preserve-fds plus $LISTEN_FDS: fds 3 .. 3+N-1 pass into the container.</summary>
    public int PreservedFds { get; init; }

    /// <summary>Fds of the preserved range that the caller had closed when ocirt started (see <see cref="ProcessPlan.ForeignPreservedFds"/>).</summary>
    public IReadOnlyList<int> ForeignPreservedFds { get; init; } = [];

    public bool NoPivot { get; init; }

    /// <summary>
    /// The config asks for no mount namespace: the container shares the runtime's, so its mounts
    /// are made on the host, under the rootfs, and the root is entered with chroot.
    /// </summary>
    public bool SharesHostMounts => Spec.Linux?.Namespaces?.Any(n => n.Type == Oci.Runtime.Spec.NamespaceTypes.Mount) != true;

    /// <summary>/proc/sys/kernel/cap_last_cap: every capability up to it not in the bounding set is dropped.</summary>
    public int LastCapability { get; init; } = 40;

    /// <summary>What this host can grant (<see cref="ProcessPlan.GrantableCapabilities"/>); every capability through LastCapability unless told.</summary>
    public ulong? GrantableCapabilities { get; init; }

    /// <summary>Whether the host has /proc/kcore, which /dev/core points at.</summary>
    public bool HostHasKcore { get; init; } = true;

    /// <summary>Bind sources that are files, not directories (their targets are created as files).</summary>
    public IReadOnlySet<string> FileSources { get; init; } = new HashSet<string>();

    /// <summary>What a mount destination (relative to the rootfs) resolves to through the image's symlinks,
    /// given the earlier mounts' destinations (<see cref="Containers.RootfsSymlinks"/>): what to create for it.</summary>
    public Func<string, IReadOnlyCollection<string>, string> ResolveInRootfs { get; init; } = (relative, _) => relative;

    /// <summary>Mount index → fd of a detached copy of that bind mount's source, made by the parent
    /// (<see cref="Containers.BindSourceTrees"/>); the init attaches it with move_mount.</summary>
    public IReadOnlyDictionary<int, int> BindSourceTrees { get; init; } = new Dictionary<int, int>();

    /// <summary>Mount flags the kernel locks on a bind source (nosuid, nodev, …), to repeat on remount in a user namespace.</summary>
    public Func<string, long> LockedMountFlags { get; init; } = _ => 0;

    /// <summary>For a "cgroup" mount on a cgroup v1 host: each hierarchy's directory name and the container's path in it.</summary>
    public IReadOnlyList<(string Name, string HostPath)> CgroupV1Binds { get; init; } = [];

    /// <summary>Fds of the container's v1 `tasks` files the init writes itself into (see <see cref="Steps.CgroupSteps"/>), with their paths.</summary>
    public IReadOnlyList<(int Fd, string Path)> CgroupJoinFds { get; init; } = [];

    /// <summary>True on a cgroup v2 (unified) host: a "cgroup" mount is cgroup2.</summary>
    public bool CgroupV2 { get; init; }

    /// <summary>On a unified host, the container's cgroup2 directory: bound at a "cgroup" mount the kernel refuses to make in a user namespace.</summary>
    public string? CgroupV2Directory { get; init; }

    /// <summary>The HOME the process gets when its env has none (from the container's /etc/passwd).</summary>
    public string DefaultHome { get; init; } = "/";

    /// <summary>
    /// The runtime is not root (euid ≠ 0): it can open a new user namespace's map files only
    /// while the child is dumpable.
    /// </summary>
    public bool UnprivilegedParent { get; init; }

    /// <summary>ocirt itself runs in a user namespace (rootless podman's): device nodes cannot be made, only bound from the host.</summary>
    public bool RuntimeInUserNamespace { get; init; }

    /// <summary>The container's processes run in a user namespace (its own, or the runtime's): mknod is refused, and flags locked on a mount must be kept.</summary>
    public bool InUserNamespace =>
        RuntimeInUserNamespace || Spec.Linux?.Namespaces?.Any(n => n.Type == Oci.Runtime.Spec.NamespaceTypes.User) == true;

    /// <summary>
    /// The new user namespace's gid map is the unprivileged runtime's own gid alone, written by
    /// itself after denying setgroups there (user_namespaces(7)): the container's processes keep
    /// the supplementary groups they had. (newgidmap, for wider maps, leaves setgroups allowed.)
    /// </summary>
    public bool DeniesSetgroups { get; init; }

    /// <summary>How many of the preserved fds are socket-activation fds ($LISTEN_FDS meant for ocirt).</summary>
    public int ListenFds { get; init; }

    public ProcessPlan ProcessPlan =>
        new(Spec.Process!, Spec.Linux?.Seccomp, LastCapability, DefaultHome, PreservedFds, ConsoleSocketFd, Spec.Linux?.Personality, SyncFd)
        {
            ForeignPreservedFds = ForeignPreservedFds,
            ListenFds = ListenFds,
            SetgroupsDenied = DeniesSetgroups,
            GrantableCapabilities = GrantableCapabilities ?? Oci.Runtime.Spec.CapabilityGrants.Through(LastCapability),
        };
}
