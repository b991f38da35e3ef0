using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>
/// Probes and signals host processes. Signals go through a pidfd: once the pidfd is open it
/// pins that exact process, so after checking its start time no pid reuse can redirect the
/// signal to a stranger (the race plain kill(2) has). Kernels without pidfds (before 5.3)
/// fall back to kill(2) after the same check.
/// </summary>
public sealed class HostProcesses(ProcFsProcessProbe probe) : IHostProcesses
{
    public HostProcesses() : this(new ProcFsProcessProbe()) { }

    public ProcessSnapshot? Probe(int pid) => probe.Probe(pid);

    public bool Signal(int pid, ulong startTime, int signal)
    {
        if (pid <= 0)
            return false; // a container that never got as far as a process
        var pidfd = Syscalls.PidfdOpen(pid);
        if (pidfd < 0 && pidfd != -Errno.ENOSYS)
            return pidfd == -Errno.ESRCH ? false : throw Failure("pidfd_open", pid, (int)-pidfd);
        try
        {
            if (!IsSameProcess(pid, startTime))
                return false;
            var result = pidfd >= 0 ? Syscalls.PidfdSendSignal((int)pidfd, signal) : Syscalls.Kill(pid, signal);
            if (result == -Errno.ESRCH)
                return false;
            if (result < 0)
                throw Failure(pidfd >= 0 ? "pidfd_send_signal" : "kill", pid, (int)-result);
            return true;
        }
        finally
        {
            if (pidfd >= 0)
                Syscalls.Close((int)pidfd);
        }
    }

    private bool IsSameProcess(int pid, ulong startTime) =>
        probe.Probe(pid) is { } process && !process.IsZombie && process.StartTime == startTime;

    private static OcirtException Failure(string call, int pid, int errno) =>
        new($"{call} {pid}: {Errno.Describe(errno)}");
}
