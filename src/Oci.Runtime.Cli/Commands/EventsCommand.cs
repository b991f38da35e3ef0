using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`events [--stats] [--interval D] ID`: one stats line, or stats and OOM events streamed until the container stops.</summary>
public static class EventsCommand
{
    public static int Run(CommandContext context)
    {
        // runc's order: the container must exist before the interval is looked at.
        context.Containers.Store.Load(context.ContainerId);
        var interval = context.Args.Duration("interval");
        if (interval <= TimeSpan.Zero)
            throw new OcirtException("duration interval must be greater than 0");
        var events = new ContainerEvents(context.Containers.Store, new HostProcesses(), context.Log);
        if (context.Args.Bool("stats"))
            events.PrintStats(context.ContainerId, context.Out);
        else
            events.Stream(context.ContainerId, interval, context.Out);
        return 0;
    }
}
