using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Setup;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `plan [--bundle DIR] ID` (ocirt's own verb): prints the setup program `create` would run
/// for the bundle, one operation per line, without creating anything. The fds it names are
/// placeholders for the ones create opens.
/// </summary>
public static class PlanCommand
{
    public static int Run(CommandContext context)
    {
        var request = CreateCommand.Prepare(context);
        context.Out.Write(ContainerProgram.Listing(ContainerProgram.Compile(PlanPreview.For(request))));
        return 0;
    }
}
