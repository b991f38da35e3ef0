using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`start ID`: lets a created container's init exec its process.</summary>
public static class StartCommand
{
    public static int Run(CommandContext context)
    {
        new ContainerStarter(context.Containers.Store, new HostProcesses(), context.Log).Start(context.ContainerId);
        return 0;
    }
}
