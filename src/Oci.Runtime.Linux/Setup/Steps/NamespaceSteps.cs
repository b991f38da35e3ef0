using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// Puts the child into its namespaces. With nothing to join, the child is born in all its new
/// namespaces (clone3 flags) and the user namespace owns the rest. When some are joined by
/// path, the child starts in the host's, joins them with setns (the user namespace first,
/// as the others need its capabilities), and only then unshares the new ones, as runc's
/// nsexec does. A PID or time namespace applies to children only, so a fork follows.
/// </summary>
public static class NamespaceSteps
{
    public static readonly IReadOnlyDictionary<string, ulong> CloneFlags = new Dictionary<string, ulong>
    {
        [NamespaceTypes.Pid] = CLONE_NEWPID,
        [NamespaceTypes.Network] = CLONE_NEWNET,
        [NamespaceTypes.Mount] = CLONE_NEWNS,
        [NamespaceTypes.Ipc] = CLONE_NEWIPC,
        [NamespaceTypes.Uts] = CLONE_NEWUTS,
        [NamespaceTypes.User] = CLONE_NEWUSER,
        [NamespaceTypes.Cgroup] = CLONE_NEWCGROUP,
        [NamespaceTypes.Time] = CLONE_NEWTIME,
    };

    // setns order: user first; mount late, so the others are joined while /proc is the host's.
    public static readonly string[] JoinOrder =
    [
        NamespaceTypes.User, NamespaceTypes.Ipc, NamespaceTypes.Uts, NamespaceTypes.Network,
        NamespaceTypes.Pid, NamespaceTypes.Cgroup, NamespaceTypes.Time, NamespaceTypes.Mount,
    ];

    public static void Emit(SetupEmitter e, ContainerPlan plan)
    {
        var namespaces = plan.Spec.Linux?.Namespaces ?? [];
        var fresh = new List<(int Index, string Type)>();
        var joined = new List<(int Index, string Type)>();
        for (var i = 0; i < namespaces.Count; i++)
            (string.IsNullOrEmpty(namespaces[i].Path) ? fresh : joined).Add((i, namespaces[i].Type));

        var offsets = plan.Spec.Linux?.TimeOffsets is { Count: > 0 };
        var newFlags = fresh.Aggregate(0UL, (flags, ns) => flags | CloneFlags[ns.Type]);
        // Offsets must be written before any process enters the time namespace: unshare it, write, fork.
        var unshareTime = offsets && (newFlags & CLONE_NEWTIME) != 0;
        var newPid = (newFlags & CLONE_NEWPID) != 0;
        var needsFork = unshareTime || joined.Any(j => j.Type == NamespaceTypes.Pid) || (joined.Count > 0 && newPid);
        // When a fork follows, a new PID namespace is unshared just before it: the forked init is then
        // its PID 1 (born into it, this process would be PID 1 and the init 2), and the pid it reports
        // is one the parent can see.
        var deferPid = needsFork && newPid;
        var bornIn = newFlags & ~(unshareTime ? CLONE_NEWTIME : 0) & ~(deferPid ? CLONE_NEWPID : 0) & ~(DefersCgroupNamespace(plan) ? CLONE_NEWCGROUP : 0);

        if (joined.Count == 0)
        {
            e.Program.CloneFlags = bornIn;
            if ((newFlags & CLONE_NEWUSER) != 0)
                BecomeRootInNewUserNamespace(e, plan);
        }
        else
        {
            RequireOwnMemoryToJoin(e, joined.Select(j => j.Type), "linux.namespaces");
            if ((bornIn & CLONE_NEWUSER) != 0)
                e.Program.RequireOwnMemory("linux.namespaces: unshares a user namespace");
            foreach (var type in JoinOrder)
            {
                foreach (var (index, _) in joined.Where(j => j.Type == type))
                {
                    var fd = plan.JoinedNamespaceFds[type];
                    e.Syscall(Sys.Setns, $"linux.namespaces[{index}]: join {type} namespace \"{namespaces[index].Path}\"",
                        SetupEmitter.Fd(fd), Arg.Flags((long)CloneFlags[type], FlagName(type)));
                    // Host root is not mapped in a joined user namespace: files made as it fail (EOVERFLOW).
                    if (type == NamespaceTypes.User)
                        BecomeRoot(e, $"linux.namespaces[{index}]");
                }
            }
            if (bornIn != 0)
            {
                e.Syscall(Sys.Unshare, "linux.namespaces: unshare the new namespaces", Arg.Flags((long)bornIn, Names(bornIn)));
                if ((newFlags & CLONE_NEWUSER) != 0)
                    BecomeRootInNewUserNamespace(e, plan);
            }
        }

        if (unshareTime)
        {
            e.Program.RequireOwnMemory("linux.timeOffsets: unshares a time namespace");
            e.Syscall(Sys.Unshare, "linux.timeOffsets: unshare the time namespace", Arg.Flags((long)CLONE_NEWTIME, "CLONE_NEWTIME"));
            WriteTimeOffsets(e, plan);
        }
        if (deferPid)
            e.Syscall(Sys.Unshare, "linux.namespaces: unshare the PID namespace", Arg.Flags((long)CLONE_NEWPID, "CLONE_NEWPID"));
        if (needsFork)
            e.Program.Append(new SetupOp(OpCode.Fork, null, [], "linux.namespaces: fork into the PID and time namespaces"));
    }

    /// <summary>The kernel lets no process whose memory is shared join a user or time namespace (setns: EINVAL).</summary>
    public static void RequireOwnMemoryToJoin(SetupEmitter e, IEnumerable<string> types, string culprit)
    {
        if (types.FirstOrDefault(t => t is NamespaceTypes.User or NamespaceTypes.Time) is { } type)
            e.Program.RequireOwnMemory($"{culprit}: joins a {type} namespace");
    }

    /// <summary>
    /// A new cgroup namespace takes the process's cgroups at the moment it is made as its root.
    /// On cgroup2 the init is born in its cgroup (CLONE_INTO_CGROUP), but on a v1 or hybrid host
    /// the parent moves it into the v1 hierarchies only at the ParentSetup sync: the namespace
    /// must come after that (<see cref="EmitDeferredCgroupNamespace"/>), as runc makes it last.
    /// </summary>
    public static bool DefersCgroupNamespace(ContainerPlan plan) =>
        !plan.CgroupV2 && plan.Spec.Linux?.Namespaces?.Any(n => n.Type == NamespaceTypes.Cgroup && string.IsNullOrEmpty(n.Path)) == true;

    public static void EmitDeferredCgroupNamespace(SetupEmitter e, ContainerPlan plan)
    {
        if (DefersCgroupNamespace(plan))
            e.Syscall(Sys.Unshare, "linux.namespaces: unshare the cgroup namespace, now in the container's cgroups", Arg.Flags((long)CLONE_NEWCGROUP, "CLONE_NEWCGROUP"));
    }

    /// <summary>The parent writes the id maps while the child waits; then the child takes uid and gid 0 of its namespace.</summary>
    private static void BecomeRootInNewUserNamespace(SetupEmitter e, ContainerPlan plan)
    {
        // A non-dumpable process's /proc files belong to root of the namespace its memory was
        // made in, here the host's: an unprivileged parent could not open uid_map. Dumpable
        // only while the maps are written (as runc's nsexec does for a rootless caller); the
        // ptrace this briefly allows is the caller's own, who has nothing to gain by it.
        if (plan.UnprivilegedParent)
            e.Prctl(PR_SET_DUMPABLE, 1, "linux.uidMappings: let the unprivileged runtime open the id map files", "PR_SET_DUMPABLE");
        e.Sync(SyncCode.IdMaps, "linux.uidMappings: wait for the id maps");
        if (plan.UnprivilegedParent)
            e.Prctl(PR_SET_DUMPABLE, 0, "linux.uidMappings: non-dumpable again", "PR_SET_DUMPABLE");
        BecomeRoot(e, "linux.uidMappings");
    }

    /// <summary>uid and gid 0 of the user namespace just entered, so files it makes have an owner it maps.</summary>
    public static void BecomeRoot(SetupEmitter e, string culprit)
    {
        e.Syscall(Sys.Setresgid, $"{culprit}: become gid 0 in the user namespace", Arg.Number(0), Arg.Number(0), Arg.Number(0));
        e.Syscall(Sys.Setresuid, $"{culprit}: become uid 0 in the user namespace", Arg.Number(0), Arg.Number(0), Arg.Number(0));
    }

    private static void WriteTimeOffsets(SetupEmitter e, ContainerPlan plan)
    {
        // timens_offsets takes one "<clock> <seconds> <nanoseconds>" line per clock.
        var lines = string.Concat(plan.Spec.Linux!.TimeOffsets!.Select(o =>
            $"{o.Key} {o.Value.Secs} {o.Value.Nanosecs}\n"));
        var fd = e.Reg("timens");
        e.OpenAt(Arg.Number(AT_FDCWD), "/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC, fd, "linux.timeOffsets: open /proc/self/timens_offsets");
        e.Syscall(Sys.Write, "linux.timeOffsets: write /proc/self/timens_offsets", Arg.In(fd), e.Str(lines), Arg.Number(System.Text.Encoding.UTF8.GetByteCount(lines)));
        e.Close(fd, "linux.timeOffsets: close /proc/self/timens_offsets");
    }

    public static string Names(ulong flags) => string.Join("|", CloneFlags.Where(kv => (flags & kv.Value) != 0).Select(kv => FlagName(kv.Key)));

    private static string FlagName(string type) => type switch
    {
        NamespaceTypes.Mount => "CLONE_NEWNS",
        NamespaceTypes.Network => "CLONE_NEWNET",
        _ => "CLONE_NEW" + type.ToUpperInvariant(),
    };
}
