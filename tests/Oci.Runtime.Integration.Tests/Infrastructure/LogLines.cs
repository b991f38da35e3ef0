using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>One logrus line as runc writes it.</summary>
public sealed record LogEntry(string Time, string Level, string Message);

/// <summary>Parses ocirt's log lines in runc's (logrus's) text and JSON shapes.</summary>
public static partial class LogLines
{
    // logrus text formatter with DisableColors: time="…" level=… msg=…
    [GeneratedRegex("^time=\"(?<time>[^\"]+)\" level=(?<level>[a-z]+) msg=(?<msg>.*)$")]
    private static partial Regex TextLine();

    public static LogEntry? ParseText(string line)
    {
        var match = TextLine().Match(line);
        if (!match.Success)
            return null;
        var raw = match.Groups["msg"].Value;
        var message = raw.StartsWith('"') ? GoUnquote(raw) : raw;
        return message is null ? null : new LogEntry(match.Groups["time"].Value, match.Groups["level"].Value, message);
    }

    /// <summary>A JSON log line: exactly the keys level, msg and time, all strings.</summary>
    public static LogEntry? ParseJson(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            var names = root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
            if (!names.SequenceEqual(["level", "msg", "time"]) ||
                root.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                return null;
            return new LogEntry(root.GetProperty("time").GetString()!, root.GetProperty("level").GetString()!,
                root.GetProperty("msg").GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the time is RFC 3339, as logrus writes it.</summary>
    public static bool IsRfc3339(string time) =>
        DateTimeOffset.TryParseExact(time,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// Asserts the run failed the way every ocirt failure must: exit code 1 (255 for exec, as runc), the last stderr
    /// line a text `level=error` line, and no other error line. Returns the (unquoted) message.
    /// </summary>
    public static string ExpectTextError(RunResult result, int exitCode = 1)
    {
        result.ExitCode.Should().Be(exitCode, "the run must fail with exit code {0}:\n{1}", exitCode, result);
        var last = ParseText(result.LastStderrLine);
        last.Should().NotBeNull("the last stderr line must be a logrus text line:\n{0}", result);
        last!.Level.Should().Be("error", "the last stderr line must be the error line:\n{0}", result);
        IsRfc3339(last.Time).Should().BeTrue("time=\"{0}\" must be RFC 3339:\n{1}", last.Time, result);
        result.StderrLines.Count(l => ParseText(l)?.Level == "error")
            .Should().Be(1, "exactly one error line is written:\n{0}", result);
        return last.Message;
    }

    /// <summary>Reverses Go's strconv.Quote (the escapes logrus's text formatter produces).</summary>
    public static string? GoUnquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
            return null;
        var text = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\')
            {
                if (c == '"')
                    return null; // an unescaped quote inside: not a Go-quoted string
                text.Append(c);
                continue;
            }
            if (++i >= quoted.Length - 1)
                return null;
            switch (quoted[i])
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case 'x' when i + 2 < quoted.Length - 1:
                    text.Append((char)Convert.ToInt32(quoted.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case 'u' when i + 4 < quoted.Length - 1:
                    text.Append((char)Convert.ToInt32(quoted.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default:
                    return null;
            }
        }
        return text.ToString();
    }
}
