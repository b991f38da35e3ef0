using System.Globalization;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// The parent's half of a container's set-up: reads the init's reports and does, at each sync
/// point, what only the parent can (it keeps the host's privileges and namespaces): id maps,
/// rlimits and oom_score_adj of the final init, hooks. Returns the init (the child itself, or
/// the process it forked into a PID namespace).
/// </summary>
internal sealed class InitSession(CreateRequest request, ContainerRecord record, SetupProgram program, ChildProcess child, SyncSocket sync, ILogger log)
{
    private ChildProcess? _forked;
    private int _listenerFd = -1;

    /// <summary>The init as far as the session knows it: the child, or the process it forked.</summary>
    public ChildProcess Init => _forked ?? child;

    /// <param name="located">Called with the init's pid as soon as it is known (and again if it forks), so a
    /// create that dies half way leaves a record `delete --force` can kill it by.</param>
    public ChildProcess Run(Action<int> located, Action<int> ready)
    {
        located(child.Pid);
        var over = SetupReports.Follow(sync, program,
            forked: (pid, _) =>
            {
                // The intermediate child exits after reporting; the init is its child.
                _forked = ChildProcess.Open(pid);
                located(pid);
                child.Wait();
            },
            fd: fd => _listenerFd = fd,
            answer: code =>
            {
                Answer(code);
                if (code != SyncCode.Ready)
                    return false;
                ready(Init.Pid);
                return true;
            });
        if (over)
            return Init;
        throw new OcirtException($"container init exited during set-up (status {Init.Wait(TimeSpan.FromSeconds(5))?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})");
    }

    private void Answer(SyncCode code)
    {
        switch (code)
        {
            case SyncCode.IdMaps:
                IdMaps.Write(Init.Pid, request.Spec, unprivileged: !Environment.IsPrivilegedProcess);
                break;
            case SyncCode.ParentSetup:
                ProcessLimits.Apply(Init.Pid, request.Spec);
                RunHooks("prestart", request.Spec.Hooks?.Prestart, inContainer: false);
                RunHooks("createRuntime", request.Spec.Hooks?.CreateRuntime, inContainer: false);
                break;
            case SyncCode.CreateContainerHooks:
                RunHooks("createContainer", request.Spec.Hooks?.CreateContainer, inContainer: true);
                break;
            case SyncCode.Ready:
                HandListener();
                break;
            default:
                throw new OcirtException($"container init: unknown sync point {code}");
        }
        // Checked first: the call's argument array and format state are built before the logger is asked.
        if (log.IsEnabled(LogLevel.Debug))
            log.LogDebug("container {Id}: {Step} done", request.Id, code);
    }

    /// <summary>The seccomp notify fd, if the filter has one, goes to linux.seccomp.listenerPath before the container counts as created.</summary>
    private void HandListener()
    {
        if (_listenerFd < 0)
            return;
        var seccomp = request.Spec.Linux!.Seccomp!;
        record.Pid = Init.Pid;
        SeccompListener.Hand(seccomp.ListenerPath!, seccomp.ListenerMetadata, HookStates.Of(record, "creating"), Init.Pid, _listenerFd);
    }

    /// <summary>
    /// Create-time hooks (prestart, createRuntime, createContainer); those of the container's
    /// namespaces join the init's. Their state says "created", as crun's and as the runtime-tools
    /// suite checks (hooks_stdin): by then the container's environment is made. runc says
    /// "creating"; the suite is the reference this project's users run.
    /// </summary>
    private void RunHooks(string kind, IReadOnlyList<Spec.Hook>? hooks, bool inContainer)
    {
        if (hooks is not { Count: > 0 })
            return;
        record.Pid = Init.Pid;
        var state = HookStates.Of(record, "created");
        if (!inContainer)
        {
            new HookRunner(log).Run(kind, hooks, state);
            return;
        }
        using var namespaces = new ContainerNamespaceFds(Init.Pid, record.Namespaces ?? []);
        new HookRunner(log).Run(kind, hooks, state, namespaces.ByType,
            () => HookEnvironment.OfContainerProcess(request.Spec.Process, record.Rootfs));
    }
}
