using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Lifecycle.Tests;

/// <summary>A process table in memory: records every signal, and "kills" on SIGKILL/SIGTERM like a real init would die.</summary>
internal sealed class FakeHostProcesses : IHostProcesses
{
    public Dictionary<int, ProcessSnapshot> Processes { get; } = [];
    public List<(int Pid, int Signal)> Signals { get; } = [];

    public ProcessSnapshot? Probe(int pid) => Processes.TryGetValue(pid, out var p) ? p : null;

    public bool Signal(int pid, ulong startTime, int signal)
    {
        if (!Processes.TryGetValue(pid, out var p) || p.StartTime != startTime || p.IsZombie)
            return false;
        Signals.Add((pid, signal));
        if (signal is 9 or 15)
            Processes.Remove(pid);
        return true;
    }
}
