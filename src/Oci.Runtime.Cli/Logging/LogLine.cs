using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// Formats one log entry exactly as runc's logrus does, because engines parse it:
/// containerd reads the last {"level":"error","msg":…} line of a JSON log as the failure
/// message, and people grep the text form.
/// <c>time="2026-11-29T01:52:00Z" level=error msg="container \"x\" does not exist"</c>
/// <c>{"level":"error","msg":"container \"x\" does not exist","time":"2026-11-29T01:52:00Z"}</c>
/// </summary>
public static class LogLine
{
    public static string Format(LogFormat format, LogLevel level, string message, DateTimeOffset time)
    {
        var timestamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var levelName = LevelName(level);
        return format == LogFormat.Json ? Json(levelName, message, timestamp) : Text(levelName, message, timestamp);
    }

    /// <summary>logrus's level words.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    private static string Text(string level, string message, string timestamp) =>
        $"time=\"{timestamp}\" level={level} msg={QuoteIfNeeded(message)}\n";

    // logrus's JSON formatter escapes as Go's encoding/json does ("\"" not "\u0022", < as \u003c).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Lifecycle.GoJsonEncoder.Instance };

    // logrus's JSON formatter sorts keys: level, msg, time.
    private static string Json(string level, string message, string timestamp)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("level", level);
            writer.WriteString("msg", message);
            writer.WriteString("time", timestamp);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>logrus leaves a value bare when it is made only of these characters, else quotes it Go-style (%q).</summary>
    private static string QuoteIfNeeded(string text)
    {
        var bare = text.Length > 0;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '@' or '^' or '+'))
            {
                bare = false;
                break;
            }
        }
        return bare ? text : GoQuote(text);
    }

    private static string GoQuote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                        quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else
                        quoted.Append(c);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
