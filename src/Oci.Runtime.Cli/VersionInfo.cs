using System.Reflection;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli;

/// <summary>`--version` in the lines go-runc parses: "NAME version X", "commit: …", "spec: …".</summary>
public static class VersionInfo
{
    public static string Version =>
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Set by the Makefile from git (OcirtCommit); "unknown" for builds outside a checkout.</summary>
    public static string Commit =>
        typeof(VersionInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OcirtCommit")?.Value ?? "unknown";

    public static string Text => $"ocirt version {Version}\ncommit: {Commit}\nspec: {SpecVersion.Current}\n";
}
