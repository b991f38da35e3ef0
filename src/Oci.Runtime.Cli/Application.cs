using Microsoft.Extensions.Logging;
using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Cli.Commands;
using Oci.Runtime.Cli.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli;

/// <summary>
/// ocirt's command line: global flags, then a verb and its flags, as runc takes them.
/// Every failure ends with exactly one `error` log line and exit code 1 (255 for `exec`, as runc's) (containerd shows
/// the last error line of a JSON log to its user); with a --log file the message also goes
/// to stderr in plain words, as runc does.
/// </summary>
public static class Application
{
    public const int Failure = 1;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        ParsedArguments globalArgs;
        GlobalOptions global;
        try
        {
            globalArgs = FlagParser.Parse(GlobalOptions.Flags, args, stopAtFirstPositional: true);
            global = GlobalOptions.From(globalArgs);
        }
        catch (OcirtException e)
        {
            // The global flags themselves are wrong, so there is no log configuration to honour.
            errors.Write(LogLine.Format(LogFormat.Text, LogLevel.Error, e.Message, DateTimeOffset.UtcNow));
            return Failure;
        }
        using var logs = Logs.Open(global.LogPath, global.LogFormat, global.Debug, errors, out var logFailure);
        if (logs is null)
        {
            errors.Write(LogLine.Format(global.LogFormat, LogLevel.Error, logFailure!, DateTimeOffset.UtcNow));
            return Failure;
        }
        try
        {
            return Dispatch(globalArgs, global, logs, output, errors);
        }
        catch (Exception e) when (e is OcirtException or IOException or UnauthorizedAccessException)
        {
            logs.Logger.LogError("{Message}", e.Message);
            if (logs.ToFile)
                errors.WriteLine(e.Message);
            return (e as OcirtException)?.ExitCode ?? Failure;
        }
    }

    private static int Dispatch(ParsedArguments globalArgs, GlobalOptions global, Logs logs, TextWriter output, TextWriter errors)
    {
        if (globalArgs.Bool("version"))
        {
            output.Write(VersionInfo.Text);
            return 0;
        }
        var rest = globalArgs.Positional;
        if (globalArgs.Bool("help") || rest.Count == 0)
        {
            output.Write(HelpText.ForApplication());
            return 0;
        }
        if (rest[0] == "help")
            return ShowHelp(rest.Skip(1).FirstOrDefault(), output);
        var command = CommandTable.Find(rest[0]) ?? throw NoHelpTopic(rest[0]);
        ParsedArguments parsed;
        try
        {
            parsed = FlagParser.Parse([.. command.Flags, CommandTable.Help], rest.Skip(1).ToList(), command.StopAtFirstPositional);
        }
        catch (OcirtException e)
        {
            // runc (urfave/cli): the reason and the verb's help on stdout, the error line on stderr.
            output.Write($"Incorrect Usage: {e.Message}\n\n" + HelpText.ForCommand(command));
            throw;
        }
        if (parsed.Bool("help"))
        {
            output.Write(HelpText.ForCommand(command));
            return 0;
        }
        CheckArgumentCount(command, parsed.Positional.Count, output);
        return command.Run(new CommandContext(global, parsed, output, errors, logs));
    }

    /// <summary>runc's wording for a wrong number of arguments, after its "Incorrect Usage." help.</summary>
    private static void CheckArgumentCount(Command command, int count, TextWriter output)
    {
        string? problem = null;
        if (command.MinArgs == command.MaxArgs && count != command.MinArgs)
            problem = $"requires exactly {command.MinArgs} argument(s)";
        else if (count < command.MinArgs)
            problem = $"requires a minimum of {command.MinArgs} argument(s)";
        else if (count > command.MaxArgs)
            problem = $"requires a maximum of {command.MaxArgs} argument(s)";
        if (problem is null)
            return;
        output.Write("Incorrect Usage.\n\n" + HelpText.ForCommand(command));
        throw new OcirtException($"ocirt: \"{command.Name}\" {problem}");
    }

    private static int ShowHelp(string? verb, TextWriter output)
    {
        if (verb is null)
        {
            output.Write(HelpText.ForApplication());
            return 0;
        }
        var command = CommandTable.Find(verb) ?? throw NoHelpTopic(verb);
        output.Write(HelpText.ForCommand(command));
        return 0;
    }

    /// <summary>runc's answer to a verb it does not have (`version` included: runc has only
    /// --version), with its exit code 3, which scripts that probe for a verb test.</summary>
    private static OcirtException NoHelpTopic(string verb) => new($"No help topic for '{verb}'") { ExitCode = 3 };
}
