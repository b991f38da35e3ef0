using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`resume ID`: thaws a paused container.</summary>
public static class ResumeCommand
{
    public static int Run(CommandContext context)
    {
        new ContainerPause(context.Containers.Store, new HostProcesses(), context.Log).Resume(context.ContainerId);
        return 0;
    }
}
