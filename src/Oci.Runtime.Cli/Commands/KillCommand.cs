using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`kill [--all] ID [SIGNAL]`: SIGNAL as a name with or without SIG, or a number (0 tests for life); TERM by default.</summary>
public static class KillCommand
{
    public static int Run(CommandContext context)
    {
        var positional = context.Args.Positional;
        var signalText = positional.Count > 1 ? positional[1] : "TERM";
        // Signal 0, as kill(2)'s, only checks that the process exists: scripts use `kill ID 0`
        // to ask whether a container is still running, and runc answers "container not running".
        var signal = 0;
        if (signalText != "0" && !Signals.TryParse(signalText, out signal))
            throw new OcirtException($"unknown signal \"{signalText}\"");
        var kill = new ContainerKill(context.Containers, context.Log);
        if (context.Args.Bool("all"))
            kill.All(context.ContainerId, signal);
        else
            kill.Init(context.ContainerId, signal);
        return 0;
    }
}
