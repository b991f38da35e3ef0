using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// The program of `exec`: join every namespace of the container's init (the user namespace
/// first, the mount namespace last, which also makes the container's root this process's
/// root), fork if the PID or time namespace applies only to children, join the container's
/// cgroup, then the same process set-up as the init's.
/// </summary>
public static class ExecProgram
{
    /// <param name="namespaceFds">Fds of the init's namespaces by spec type.</param>
    /// <param name="cgroupJoinFds">The container's v1 `tasks` files, opened for writing (see <see cref="CgroupSteps"/>).</param>
    /// <param name="rootFd">Without a mount namespace: an fd of the init's root, which joining nothing would not give.</param>
    /// <param name="waitForChild">Foreground: the forked-off parent waits and exits with the process's status, so ocirt reaps its own child.</param>
    public static SetupProgram Compile(ProcessPlan plan, int syncFd, IReadOnlyDictionary<string, int> namespaceFds,
        IReadOnlyList<(int Fd, string Path)> cgroupJoinFds, bool waitForChild, int? rootFd = null)
    {
        plan = plan with { SyncFd = syncFd };
        var e = new SetupEmitter(new SetupProgram());
        // CVE-2019-5736: until execve this is the host's ocirt binary, inside the container's namespaces.
        e.Prctl(PR_SET_DUMPABLE, 0, "exec: make the setup process non-dumpable", "PR_SET_DUMPABLE");
        var kept = new SortedSet<int>([0, 1, 2, syncFd, .. namespaceFds.Values, .. cgroupJoinFds.Select(j => j.Fd)]);
        if (rootFd is { } root)
            kept.Add(root);
        foreach (var fd in plan.CallersPreservedFds)
            kept.Add(fd);
        if (plan.ConsoleSocketFd is { } console)
            kept.Add(console);
        InheritedFdSteps.CloseAllBut(e, [.. kept]);
        plan = plan with { InheritedFds = [.. kept] };
        NamespaceSteps.RequireOwnMemoryToJoin(e, namespaceFds.Keys, "exec");
        // The parent writes the process's oom_score_adj, which the kernel gives every process sharing its memory.
        if (plan.Process.OomScoreAdj is not null)
            e.Program.RequireOwnMemory("process.oomScoreAdj");
        foreach (var type in NamespaceSteps.JoinOrder.Where(namespaceFds.ContainsKey))
        {
            e.Syscall(Sys.Setns, $"exec: join the container's {type} namespace",
                SetupEmitter.Fd(namespaceFds[type]), Arg.Flags((long)NamespaceSteps.CloneFlags[type], NamespaceSteps.Names(NamespaceSteps.CloneFlags[type])));
            if (type == NamespaceTypes.User)
                NamespaceSteps.BecomeRoot(e, "exec");
        }
        if (rootFd is { } containerRoot)
        {
            // The container shares the runtime's mount namespace: its root is the init's chroot.
            e.Syscall(Sys.Fchdir, "exec: enter the container's root", SetupEmitter.Fd(containerRoot));
            e.Syscall(Sys.Chroot, "exec: chroot into the container's root (no mount namespace)", e.Str("."));
            e.Syscall(Sys.Chdir, "exec: chdir to the container's \"/\"", e.Str("/"));
        }
        if (namespaceFds.ContainsKey(NamespaceTypes.Pid) || namespaceFds.ContainsKey(NamespaceTypes.Time))
        {
            e.Program.Append(new SetupOp(OpCode.Fork, null, [Arg.Flags(waitForChild ? 1 : 0, waitForChild ? "wait" : "exit")],
                "exec: fork into the container's PID and time namespaces"));
        }
        CgroupSteps.EmitJoin(e, cgroupJoinFds, "exec");
        e.Sync(SyncCode.ParentSetup, "exec: set rlimits");
        ConsoleSteps.Emit(e, plan);
        var prepared = ProcessSteps.Prepare(e, plan);
        ProcessSteps.HandOver(e, plan, prepared, "exec: report the process set up");
        return e.Program;
    }
}
