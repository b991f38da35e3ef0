using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `exec`: a new process in a running container, through the same spawner: it joins the
/// init's namespaces, is put in the container's cgroup before it runs anything of its own,
/// and gets the container's seccomp filter. Detached, ocirt returns once it exec'd (its pid
/// file written), leaving it a descendant of the caller; in the foreground ocirt waits for it.
/// </summary>
public sealed class ContainerExecutor(StateStore store, IHostProcesses processes, ILogger log)
{
    /// <summary>Starts the process; the caller owns the handle (to wait on it and signal it).</summary>
    public ExecutedProcess Exec(ExecRequest request)
    {
        var record = store.Load(request.Id);
        var status = StatusResolver.Resolve(record, processes);
        if (status is ContainerStatus.Stopped or ContainerStatus.Creating)
            throw new OcirtException($"cannot exec in container \"{request.Id}\": it is {status.ToWord()}");
        if (status == ContainerStatus.Paused && !request.IgnorePaused)
            throw new OcirtException($"cannot exec in container \"{request.Id}\": it is paused (use --ignore-paused to override)");
        var linux = request.Container.Linux;
        HostFacts.RefuseUnmapped(record.Pid, request.Process.User.Uid, request.Process.User.Gid);

        using var fds = new OpenFds();
        using var namespaces = new ContainerNamespaceFds(record.Pid, record.Namespaces ?? []);
        var cgroup = ContainerCgroups.Open(record, log);
        using var channel = SyncChannel.Create();
        var plan = new ProcessPlan(request.Process, linux?.Seccomp, HostFacts.LastCapability(),
            HostFacts.HomeOf(record.Rootfs, request.Process.User.Uid), request.PreserveFds,
            request.ConsoleSocket is { } socket ? fds.Connect(socket) : request.ConsoleFd, linux?.Personality)
        {
            // Socket activation hands fds to the container's init only, as runc does: exec passes --preserve-fds alone.
            ForeignPreservedFds = CallerFds.ClosedAtStart(request.PreserveFds),
            GrantableCapabilities = HostFacts.GrantableCapabilities(),
            SetgroupsDenied = HostFacts.DeniesSetgroups(record.Pid),
        };
        var cgroupJoinFds = ContainerCgroups.OpenJoinFiles(cgroup, fds);
        int? rootFd = HostMountsMade.Apply(record.Namespaces) ? fds.Open($"/proc/{record.Pid}/root", OpenFds.DirectoryPath, "the container's root") : null;
        var program = ExecProgram.Compile(plan, channel.ChildEnd, namespaces.ByType, cgroupJoinFds, waitForChild: !request.Detach, rootFd);
        // The listing is built only for a debug log: it costs as much as compiling the program.
        if (log.IsEnabled(LogLevel.Debug))
            log.LogDebug("exec program for {Id}:\n{Listing}", request.Id, ContainerProgram.Listing(program));
        var cgroupFd = cgroup.UnifiedPath is { } unified ? fds.Open(unified, OpenFds.DirectoryPath, "cgroup") : -1;
        var (child, sync) = Spawner.Spawn(program, channel, cgroupFd);
        var target = child;
        var listenerFd = -1;
        using (sync)
        {
            try
            {
                // Read until the socket closes: the process has exec'd (or died) by then.
                SetupReports.Follow(sync, program,
                    forked: (pid, parentWaits) =>
                    {
                        target = ChildProcess.Open(pid);
                        if (!parentWaits)
                            child.Wait(); // it exits at once, leaving the process to the caller's subreaper
                    },
                    fd: fd => listenerFd = fd,
                    answer: code =>
                    {
                        if (code == SyncCode.Ready && listenerFd >= 0)
                            HandListener(linux!.Seccomp!, record, target.Pid, listenerFd);
                        Answer(code, target.Pid, request);
                        return false;
                    });
            }
            catch
            {
                // Both are attempted and neither may hide the error that got us here.
                foreach (var process in target == child ? [child] : new[] { target, child })
                {
                    try
                    {
                        process.Terminate();
                    }
                    catch (OcirtException e)
                    {
                        log.LogWarning("clean-up after a failed exec: {Message}", e.Message);
                    }
                    process.Dispose();
                }
                throw;
            }
        }
        return new ExecutedProcess(child, target);
    }

    /// <summary>An exec'd process's own seccomp notify fd goes to the container's listener, with the container's state.</summary>
    private static void HandListener(Spec.LinuxSeccomp seccomp, ContainerRecord record, int pid, int listenerFd) =>
        SeccompListener.Hand(seccomp.ListenerPath!, seccomp.ListenerMetadata, HookStates.Of(record, "running"), pid, listenerFd);

    private static void Answer(SyncCode code, int pid, ExecRequest request)
    {
        if (code == SyncCode.ParentSetup)
        {
            ProcessLimits.Apply(pid, new Spec.Spec { Process = request.Process });
        }
        else if (code == SyncCode.Ready && request.PidFile is { } pidFile)
        {
            PidFile.Write(pidFile, pid);
        }
    }
}

/// <summary>
/// An exec'd process: <see cref="Process"/> to signal, <see cref="Reaped"/> to wait on (the
/// same one, or the forked-off parent that exits with the process's status).
/// </summary>
public sealed class ExecutedProcess(ChildProcess reaped, ChildProcess process) : IDisposable
{
    public ChildProcess Process => process;

    public ChildProcess Reaped => reaped;

    public void Dispose()
    {
        if (process != reaped)
            process.Dispose();
        reaped.Dispose();
    }
}
