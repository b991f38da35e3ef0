using System.Text.Json;
using Oci.Runtime.Linux;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`features`: the features document, indented by four spaces as runc prints it.</summary>
public static class FeaturesCommand
{
    public static int Run(CommandContext context)
    {
        var options = new JsonSerializerOptions(SpecJsonContext.Default.Options) { WriteIndented = true, IndentSize = 4 };
        var features = SupportedFeatures.Describe(VersionInfo.Version, VersionInfo.Commit);
        context.Out.WriteLine(JsonSerializer.Serialize(features, new SpecJsonContext(options).Features));
        return 0;
    }
}
