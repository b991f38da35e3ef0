namespace Oci.Runtime.Lifecycle;

/// <summary>What /proc says about a pid: enough to tell a live init from a dead or reused one.</summary>
public readonly record struct ProcessSnapshot(ulong StartTime, char State)
{
    public bool IsZombie => State is 'Z' or 'X' or 'x';
}

/// <summary>
/// The host's processes as the lifecycle sees them. Behind an interface so status and
/// kill logic are tested without real processes.
/// </summary>
public interface IHostProcesses
{
    /// <summary>The process, or null when no process has that pid.</summary>
    ProcessSnapshot? Probe(int pid);

    /// <summary>
    /// Signals the process only if it is still the one that started at <paramref name="startTime"/>;
    /// false when it is gone (or its pid was reused). Other failures throw, naming the errno.
    /// </summary>
    bool Signal(int pid, ulong startTime, int signal);
}
