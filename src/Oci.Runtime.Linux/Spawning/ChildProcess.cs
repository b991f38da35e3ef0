using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>A process ocirt cloned, held by its pidfd so no pid reuse can confuse waiting or killing it.</summary>
/// <param name="isChild">False for a process ocirt did not clone itself (an init forked into a joined PID namespace): it can be killed and watched, not reaped.</param>
public sealed class ChildProcess(int pid, int pidfd, bool isChild = true) : IDisposable
{
    private int _pidfd = pidfd;
    private int? _status;

    public int Pid => pid;

    /// <summary>A pidfd for a process ocirt did not clone.</summary>
    public static ChildProcess Open(int pid)
    {
        var pidfd = Syscalls.PidfdOpen(pid);
        if (pidfd < 0)
            throw new OcirtException($"pidfd_open {pid}: {Errno.Describe((int)-pidfd)}");
        return new ChildProcess(pid, (int)pidfd, isChild: false);
    }

    /// <summary>The exit status (code, or 128+signal); null if <paramref name="timeout"/> passed first.</summary>
    public int? Wait(TimeSpan? timeout = null)
    {
        // Once reaped, the status is remembered: a second wait (a clean-up after a failure) must not fail with ECHILD.
        if (_status is { } known)
            return known;
        if (timeout is { } limit && Syscalls.Poll(_pidfd, Syscalls.POLLIN, (int)limit.TotalMilliseconds) == 0)
            return null;
        while (true)
        {
            var result = Syscalls.WaitPidfd(_pidfd, 0, out var status);
            if (result == -Errno.EINTR)
                continue;
            if (result < 0)
                throw new OcirtException($"waitid {pid}: {Errno.Describe((int)-result)}");
            return _status = status;
        }
    }

    public void Kill(int signal = 9) => Syscalls.PidfdSendSignal(_pidfd, signal);

    /// <summary>Kills it and waits until it is gone (reaping it if it is ocirt's child): for a set-up that failed half way.</summary>
    public void Terminate()
    {
        if (_status is not null)
            return;
        Kill();
        if (isChild)
            Wait();
        else
            Syscalls.Poll(_pidfd, Syscalls.POLLIN, 5000);
    }

    public void Dispose()
    {
        if (_pidfd >= 0)
        {
            Syscalls.Close(_pidfd);
            _pidfd = -1;
        }
    }
}
