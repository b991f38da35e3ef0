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
        if (context.Args.Bool("all"))
        {
            context.Containers.Store.Load(context.ContainerId);
            throw NotBuilt.Error("kill --all", NotBuilt.CgroupManager);
        }
        context.Containers.Kill(context.ContainerId, signal);
        return 0;
    }
}
