using System.Text;
using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// Where log lines go: the --log file (opened like runc: create, append, O_SYNC, 0644) or
/// stderr. A line to the file is one write(2), so lines from concurrent ocirt calls sharing
/// a log never interleave.
/// </summary>
public sealed class LogSink : IDisposable
{
    private readonly Stream? _file;
    private readonly TextWriter _stderr;
    private readonly LogFormat _format;

    private LogSink(Stream? file, TextWriter stderr, LogFormat format)
    {
        _file = file;
        _stderr = stderr;
        _format = format;
    }

    public static LogSink Open(string? path, LogFormat format, TextWriter stderr)
    {
        if (string.IsNullOrEmpty(path) || path == "/dev/stderr")
            return new LogSink(null, stderr, format);
        try
        {
            var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                Options = FileOptions.WriteThrough,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            });
            return new LogSink(file, stderr, format);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nowhere to log to: say so on stderr, in the same format, rather than crash.
            stderr.Write(LogLine.Format(format, LogLevel.Error, $"open log file {path}: {e.Message}", DateTimeOffset.UtcNow));
            return new LogSink(null, stderr, format);
        }
    }

    public void Write(LogLevel level, string message)
    {
        var line = LogLine.Format(_format, level, message, DateTimeOffset.UtcNow);
        lock (_stderr)
        {
            if (_file is null)
            {
                _stderr.Write(line);
                _stderr.Flush();
                return;
            }
            _file.Write(Encoding.UTF8.GetBytes(line));
            _file.Flush();
        }
    }

    public void Dispose() => _file?.Dispose();
}
