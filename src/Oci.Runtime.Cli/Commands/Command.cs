using Oci.Runtime.Cli.CommandLine;

namespace Oci.Runtime.Cli.Commands;

/// <summary>One verb: its flags, how many positional arguments it takes, and what it does.</summary>
/// <param name="StopAtFirstPositional">exec and ps: arguments after the container id belong to the command.</param>
public sealed record Command(
    string Name,
    string Summary,
    string ArgsUsage,
    IReadOnlyList<Flag> Flags,
    int MinArgs,
    int MaxArgs,
    Func<CommandContext, int> Run,
    bool StopAtFirstPositional = false,
    string Description = "");
