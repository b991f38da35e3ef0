namespace Oci.Runtime.Lifecycle;

/// <summary>
/// Turns the recorded status into the live one. A container whose init has exited
/// (gone, a zombie, or its pid now owned by a process that started at another time)
/// is stopped, whatever the record says.
/// </summary>
public static class StatusResolver
{
    public static ContainerStatus Resolve(ContainerRecord record, IHostProcesses processes)
    {
        if (!ContainerStatusNames.TryParse(record.Status, out var recorded) || recorded == ContainerStatus.Stopped)
            return ContainerStatus.Stopped;
        if (record.Pid <= 0)
            return recorded == ContainerStatus.Creating ? ContainerStatus.Creating : ContainerStatus.Stopped;
        var process = processes.Probe(record.Pid);
        if (process is null || process.Value.IsZombie || process.Value.StartTime != record.PidStartTime)
            return ContainerStatus.Stopped;
        return recorded;
    }
}
