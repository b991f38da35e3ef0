using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`kill [--all] ID [SIGNAL]`: SIGNAL as a name with or without SIG, or a number; TERM by default.</summary>
public static class KillCommand
{
    public static int Run(CommandContext context)
    {
        var positional = context.Args.Positional;
        var signalText = positional.Count > 1 ? positional[1] : "TERM";
        if (!Signals.TryParse(signalText, out var signal))
            throw new OcirtException($"unknown signal \"{signalText}\"");
        var kill = new ContainerKill(context.Containers, context.Log);
        if (context.Args.Bool("all"))
            kill.All(context.ContainerId, signal);
        else
            kill.Init(context.ContainerId, signal);
        return 0;
    }
}
