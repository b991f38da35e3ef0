namespace Oci.Runtime.Cli.CommandLine;

/// <summary>How a flag takes its value, following Go's flag package as urfave/cli (and so runc) uses it.</summary>
public enum FlagKind
{
    /// <summary>"--x" or "--x=true|false"; never takes the next argument.</summary>
    Bool,
    String,
    /// <summary>Repeatable: every occurrence adds a value.</summary>
    StringList,
    Int,
    /// <summary>Go duration syntax: "5s", "1m30s", "250ms".</summary>
    Duration,
}

/// <param name="Name">Long name, written with one or two dashes.</param>
/// <param name="Alias">runc's short form, e.g. "b" for "bundle".</param>
/// <param name="Default">Shown in help; what a verb gets when the flag is absent.</param>
public sealed record Flag(string Name, FlagKind Kind, string Usage, string? Alias = null, string? Default = null)
{
    public bool Matches(string name) => name == Name || (Alias is not null && name == Alias);
}
