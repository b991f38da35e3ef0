namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// The child starts with a copy of every fd of ocirt's (the .NET runtime's, the state
/// directory's lock, the engine's pipes). It closes all of them at once but the few it needs,
/// so a created container holds nothing of the caller's open: no lock, no _OCI_SYNCPIPE, no
/// pipe an engine waits to see closed.
/// </summary>
public static class InheritedFdSteps
{
    public static IReadOnlyList<int> KeptBy(ContainerPlan plan)
    {
        var kept = new SortedSet<int> { 0, 1, 2, plan.SyncFd };
        if (plan.ExecFifoFd >= 0)
            kept.Add(plan.ExecFifoFd);
        foreach (var fd in plan.ProcessPlan.CallersPreservedFds)
            kept.Add(fd);
        if (plan.ConsoleSocketFd is { } console)
            kept.Add(console);
        foreach (var fd in plan.JoinedNamespaceFds.Values)
            kept.Add(fd);
        foreach (var (fd, _) in plan.CgroupJoinFds)
            kept.Add(fd);
        foreach (var fd in plan.BindSourceTrees.Values)
            kept.Add(fd);
        return [.. kept];
    }

    /// <summary>close_range over every gap between the kept fds, and from the last one up.</summary>
    public static void CloseAllBut(SetupEmitter e, IReadOnlyList<int> kept)
    {
        var next = 0;
        foreach (var fd in kept)
        {
            if (fd > next)
                e.Syscall(Sys.CloseRange, "init: close the fds it does not need", Arg.Number(next), Arg.Number(fd - 1), Arg.Number(0));
            next = fd + 1;
        }
        e.Syscall(Sys.CloseRange, "init: close the fds it does not need", Arg.Number(next), Arg.Flags(uint.MaxValue, "~0U"), Arg.Number(0));
    }
}
