using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `start`: the init of a created container is blocked opening the exec fifo for writing.
/// Opening it for reading lets that open complete; the init writes one byte and execs the
/// container's process. The fifo is removed, so a container starts once, and its absence is
/// what makes the container read as running (<see cref="StateStore.ExecFifo"/>).
/// </summary>
public sealed class ContainerStarter(StateStore store, IHostProcesses processes, ILogger log)
{
    private const int OpenReadNonBlocking = 0x800 | 0x80000; // O_RDONLY|O_NONBLOCK|O_CLOEXEC

    public ContainerRecord Start(string id)
    {
        using var held = store.Lock(id);
        var record = store.Load(id);
        var status = StatusResolver.Resolve(record, processes);
        if (status != ContainerStatus.Created)
        {
            throw new OcirtException(status == ContainerStatus.Stopped
                ? $"cannot start container \"{id}\": it has stopped"
                : $"cannot start container \"{id}\": it is {status.ToWord()}, not created");
        }
        RunStartContainerHooks(record, () => SavedConfig.LoadExecDefaults(store, id).Process, log);
        // Nothing is saved: the record still says created, and the fifo's removal says started.
        ReleaseInit(record);
        RunPoststartHooks(record, log);
        return record;
    }

    /// <summary>startContainer hooks run in the container, after start was asked for and before its process runs.</summary>
    internal static void RunStartContainerHooks(ContainerRecord record, Func<Spec.Process?> process, ILogger log)
    {
        if (record.Hooks?.StartContainer is not { Count: > 0 } startHooks)
            return;
        using var namespaces = new ContainerNamespaceFds(record.Pid, record.Namespaces ?? []);
        new HookRunner(log).Run("startContainer", startHooks, HookStates.Of(record, "created"), namespaces.ByType,
            () => HookEnvironment.OfContainerProcess(process(), record.Rootfs));
    }

    /// <summary>Once the container's process has been executed: poststart hooks, whose failure is only a warning (the spec's rule).</summary>
    public static void RunPoststartHooks(ContainerRecord record, ILogger log)
    {
        record.Status = ContainerStatus.Running.ToWord();
        new HookRunner(log).RunWarning("poststart", record.Hooks?.Poststart, HookStates.Of(record, "running"));
    }

    private void ReleaseInit(ContainerRecord record)
    {
        var fifo = Path.Combine(store.DirectoryOf(record.Id), StateStore.ExecFifo);
        var fd = Syscalls.Open(fifo, OpenReadNonBlocking);
        if (fd < 0)
            throw new OcirtException($"start \"{record.Id}\": open {fifo}: {Errno.Describe((int)-fd)}");
        try
        {
            // Our open has let the init's open for writing complete: from here on the process
            // runs whatever happens to us, so the fifo goes first, before the wait, for the
            // container to read as started even if this start is killed while it waits.
            if (Syscalls.Unlink(fifo) is < 0 and var unlinked)
                throw new OcirtException($"start \"{record.Id}\": unlink {fifo}: {Errno.Describe((int)-unlinked)}");
            AwaitExec(record, (int)fd);
        }
        finally
        {
            Syscalls.Close((int)fd);
        }
    }

    /// <summary>
    /// Reads the init's byte, then waits for the fifo's end of file: the init's write end is
    /// close-on-exec, so end of file means the container's process has been executed (or the
    /// init is gone), and poststart hooks run after that, as the spec says, not in between.
    /// Between polls it checks that the init is still alive to send the byte.
    /// </summary>
    private void AwaitExec(ContainerRecord record, int fd)
    {
        Span<byte> buffer = stackalloc byte[1];
        var acknowledged = false;
        while (true)
        {
            var ready = Syscalls.Poll(fd, Syscalls.POLLIN, 100);
            if (ready > 0)
            {
                var n = Syscalls.Read(fd, buffer);
                if (n == 1)
                {
                    acknowledged = true;
                    continue;
                }
                if (n == 0 && acknowledged)
                    return;
                if (n < 0 && n != -Errno.EAGAIN && n != -Errno.EINTR)
                    throw new OcirtException($"start \"{record.Id}\": read the exec fifo: {Errno.Describe((int)-n)}");
            }
            if (!acknowledged && StatusResolver.Resolve(record, processes) == ContainerStatus.Stopped)
                throw new OcirtException($"start \"{record.Id}\": the container's init (pid {record.Pid}) exited before it could start");
        }
    }
}
