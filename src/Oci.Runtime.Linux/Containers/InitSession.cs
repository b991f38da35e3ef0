using System.Globalization;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
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
internal sealed class InitSession(CreateRequest request, SetupProgram program, ChildProcess child, SyncSocket sync, ICgroupManager cgroup, ILogger log)
{
    private ChildProcess? _forked;

    private ChildProcess Init => _forked ?? child;

    public ChildProcess Run(Action<int> ready)
    {
        while (sync.Receive() is { } message)
        {
            switch (message.Kind)
            {
                case ChildMessageKind.Error:
                    throw SetupFailure.From(program, message.A, message.B);
                case ChildMessageKind.Forked:
                    // The intermediate child exits after reporting; the init is its child.
                    _forked = ChildProcess.Open(message.A);
                    child.Wait();
                    break;
                case ChildMessageKind.Sync:
                    var code = (SyncCode)message.A;
                    Answer(code);
                    if (code == SyncCode.Ready)
                    {
                        ready(Init.Pid);
                        sync.Reply(message.A);
                        return Init;
                    }
                    sync.Reply(message.A);
                    break;
            }
        }
        throw new OcirtException($"container init exited during set-up (status {Init.Wait(TimeSpan.FromSeconds(5))?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})");
    }

    private void Answer(SyncCode code)
    {
        switch (code)
        {
            case SyncCode.IdMaps:
                IdMaps.Write(Init.Pid, request.Spec);
                break;
            case SyncCode.ParentSetup:
                // v1 hierarchies cannot be joined at clone time: the init joins them here, before it runs anything of the container's.
                ContainerCgroups.Guard(() => cgroup.AddProcess(Init.Pid));
                ProcessLimits.Apply(Init.Pid, request.Spec);
                break;
            case SyncCode.CreateContainerHooks:
            case SyncCode.Ready:
                break;
            default:
                throw new OcirtException($"container init: unknown sync point {code}");
        }
        log.LogDebug("container {Id}: {Step} done", request.Id, code);
    }
}
