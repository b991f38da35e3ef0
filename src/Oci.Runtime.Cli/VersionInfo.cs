using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli;

/// <summary>`--version` in the lines go-runc parses: "NAME version X", "commit: …", "spec: …".</summary>
public static class VersionInfo
{
    public static string Version => BuildInfo.Version;

    /// <summary>Set by the Makefile from git (OcirtCommit); "unknown" for builds outside a checkout.</summary>
    public static string Commit => BuildInfo.Commit;

    public static string Text => $"ocirt version {Version}\ncommit: {Commit}\nspec: {SpecVersion.Current}\n";
}
