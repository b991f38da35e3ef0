using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`pause ID`: freezes every process of a running or created container.</summary>
public static class PauseCommand
{
    public static int Run(CommandContext context)
    {
        new ContainerPause(context.Containers.Store, new HostProcesses(), context.Log).Pause(context.ContainerId);
        return 0;
    }
}
