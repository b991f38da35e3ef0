using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.CommandLine;

/// <summary>
/// Parses flags the way runc's CLI does (Go's flag package under urfave/cli):
/// "-name" and "--name" are the same flag; a value comes as "--name=value" or as the
/// next argument; booleans never take the next argument; "--" ends the flags. Flags may
/// follow positional arguments (urfave reorders them) except for verbs such as exec
/// and ps, where everything after the first positional argument belongs to the command.
/// </summary>
public static class FlagParser
{
    public static ParsedArguments Parse(IReadOnlyList<Flag> flags, IReadOnlyList<string> args, bool stopAtFirstPositional)
    {
        var parsed = new ParsedArguments(flags);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                parsed.Positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                parsed.Positional.Add(arg);
                if (stopAtFirstPositional)
                {
                    parsed.Positional.AddRange(args.Skip(i + 1));
                    break;
                }
                continue;
            }
            var body = arg.AsSpan(arg[1] == '-' ? 2 : 1);
            var equals = body.IndexOf('=');
            var name = (equals < 0 ? body : body[..equals]).ToString();
            string? inlineValue = equals < 0 ? null : body[(equals + 1)..].ToString();
            if (name.Length == 0 || name[0] == '-')
                throw new OcirtException($"bad flag syntax: {arg}");
            var flag = flags.FirstOrDefault(f => f.Matches(name))
                ?? throw new OcirtException($"flag provided but not defined: -{name}");
            var value = inlineValue;
            if (flag.Kind == FlagKind.Bool)
                value ??= "true";
            else if (value is null)
            {
                if (i + 1 >= args.Count)
                    throw new OcirtException($"flag needs an argument: -{name}");
                value = args[++i];
            }
            Check(flag, value);
            parsed.Add(flag, value);
        }
        return parsed;
    }

    private static void Check(Flag flag, string value)
    {
        var valid = flag.Kind switch
        {
            FlagKind.Bool => ParsedArguments.ParseBool(value) is not null,
            FlagKind.Int => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            FlagKind.Duration => GoDuration.TryParse(value, out _),
            _ => true,
        };
        if (!valid)
            throw new OcirtException($"invalid value \"{value}\" for flag -{flag.Name}: parse error");
    }
}
