namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// The setup process moves itself into the container's v1 cgroups: it writes "0" (itself) to
/// each hierarchy's `tasks` file, which the parent opened. Moving only the calling thread is
/// the one migration the kernel does without cgroup_threadgroup_rwsem, whose write side waits
/// out an RCU grace period; the process is single-threaded here, so the thread is the process.
/// The cgroup2 hierarchy needs nothing: clone3 already placed the process (CLONE_INTO_CGROUP).
/// </summary>
public static class CgroupSteps
{
    public static void EmitJoin(SetupEmitter e, IReadOnlyList<(int Fd, string Path)> taskFiles, string who)
    {
        foreach (var (fd, path) in taskFiles)
        {
            e.Syscall(Sys.Write, $"{who}: join the container's cgroup: write \"0\" to {path}", SetupEmitter.Fd(fd), e.Str("0"), Arg.Number(1));
            e.Syscall(Sys.Close, $"{who}: close {path}", SetupEmitter.Fd(fd));
        }
    }
}
