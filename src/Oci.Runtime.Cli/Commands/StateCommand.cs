namespace Oci.Runtime.Cli.Commands;

/// <summary>`state ID`: the OCI state document plus runc's extra fields, indented as runc prints it.</summary>
public static class StateCommand
{
    public static int Run(CommandContext context)
    {
        context.Out.WriteLine(context.Containers.View(context.ContainerId).ToIndentedJson());
        return 0;
    }
}
