using System.Text;
using Oci.Runtime.Cli.CommandLine;

namespace Oci.Runtime.Cli.Commands;

/// <summary>Help in the shape of runc's (urfave/cli): NAME, USAGE, DESCRIPTION, OPTIONS.</summary>
public static class HelpText
{
    public static string ForApplication()
    {
        var text = new StringBuilder();
        text.Append("NAME:\n   ocirt - Open Container Initiative runtime\n\n");
        text.Append("USAGE:\n   ocirt [global options] command [command options] [arguments...]\n\n");
        text.Append("VERSION:\n   ").Append(VersionInfo.Version).Append("\n\n");
        text.Append("COMMANDS:\n");
        var width = CommandTable.All.Max(c => c.Name.Length) + 3;
        foreach (var command in CommandTable.All)
            text.Append("   ").Append(command.Name.PadRight(width)).Append(command.Summary).Append('\n');
        text.Append("   ").Append("help".PadRight(width)).Append("Shows a list of commands or help for one command\n\n");
        text.Append("GLOBAL OPTIONS:\n");
        AppendFlags(text, GlobalOptions.Flags);
        return text.ToString();
    }

    public static string ForCommand(Command command)
    {
        var text = new StringBuilder();
        text.Append("NAME:\n   ocirt ").Append(command.Name).Append(" - ").Append(command.Summary).Append("\n\n");
        text.Append("USAGE:\n   ocirt ").Append(command.Name);
        if (command.Flags.Count > 0)
            text.Append(" [command options]");
        if (command.ArgsUsage.Length > 0)
            text.Append(' ').Append(command.ArgsUsage);
        text.Append("\n\n");
        if (command.Description.Length > 0)
            text.Append("DESCRIPTION:\n   ").Append(command.Description).Append("\n\n");
        text.Append("OPTIONS:\n");
        AppendFlags(text, [.. command.Flags, CommandTable.Help]);
        return text.ToString();
    }

    private static void AppendFlags(StringBuilder text, IReadOnlyList<Flag> flags)
    {
        var names = flags.Select(Describe).ToList();
        var width = names.Max(n => n.Length) + 2;
        for (var i = 0; i < flags.Count; i++)
        {
            text.Append("   ").Append(names[i].PadRight(width)).Append(flags[i].Usage);
            if (flags[i].Default is { Length: > 0 } value && flags[i].Kind != FlagKind.Bool)
                text.Append(" (default: \"").Append(value).Append("\")");
            text.Append('\n');
        }
    }

    private static string Describe(Flag flag)
    {
        var value = flag.Kind == FlagKind.Bool ? "" : " value";
        var name = $"--{flag.Name}{value}";
        return flag.Alias is null ? name : $"{name}, -{flag.Alias}{value}";
    }
}
