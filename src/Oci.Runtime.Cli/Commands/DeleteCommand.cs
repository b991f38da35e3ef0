namespace Oci.Runtime.Cli.Commands;

/// <summary>`delete [--force] ID`.</summary>
public static class DeleteCommand
{
    public static int Run(CommandContext context)
    {
        context.Containers.Delete(context.ContainerId, context.Args.Bool("force"));
        return 0;
    }
}
