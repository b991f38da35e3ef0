using System.Text.Json;
using Oci.Runtime.Linux;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`features`: the features document, indented by four spaces as runc prints it.</summary>
public static class FeaturesCommand
{
    public static int Run(CommandContext context)
    {
        var features = SupportedFeatures.Describe(VersionInfo.Version, VersionInfo.Commit);
        context.Out.WriteLine(Documents.ToText(w => FeaturesWriter.Write(w, features), new JsonWriterOptions { Indented = true, IndentSize = 4 }));
        return 0;
    }
}
