namespace Oci.Runtime.Spec;

/// <summary>One thing wrong with a config: where (JSON-path style, "linux.namespaces[2].type") and what.</summary>
public sealed record SpecProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
