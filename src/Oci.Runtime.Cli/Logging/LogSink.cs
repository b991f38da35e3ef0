using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// Where log lines go: the --log file (opened as runc opens it: create, append, O_SYNC, 0644)
/// or stderr. A line to the file is one write(2), so lines from concurrent ocirt calls sharing
/// a log never interleave. A line that cannot be written is reported on stderr and dropped:
/// a full log device must not hide the error being logged, nor change the exit code.
/// </summary>
public sealed partial class LogSink : IDisposable
{
    private const int O_WRONLY = 1, O_CREAT = 0x40, O_APPEND = 0x400, O_SYNC = 0x101000, O_CLOEXEC = 0x80000;

    private int _fd;
    private readonly string? _path;
    private readonly TextWriter _stderr;
    private readonly LogFormat _format;

    private LogSink(int fd, string? path, TextWriter stderr, LogFormat format)
    {
        _fd = fd;
        _path = path;
        _stderr = stderr;
        _format = format;
    }

    public static LogSink ToStderr(LogFormat format, TextWriter stderr) => new(-1, null, stderr, format);

    /// <summary>Opens the --log file, or says why not in runc's words ("open /proc/x.log: no such file or directory").</summary>
    public static LogSink? OpenFile(string path, LogFormat format, TextWriter stderr, out string? failure)
    {
        var fd = Open(path, O_WRONLY | O_CREAT | O_APPEND | O_SYNC | O_CLOEXEC, 0x1a4);
        if (fd < 0)
        {
            failure = $"open {path}: {Errno.Describe(Marshal.GetLastPInvokeError())}";
            return null;
        }
        failure = null;
        return new LogSink(fd, path, stderr, format);
    }

    public void Write(LogLevel level, string message)
    {
        var line = LogLine.Format(_format, level, message, DateTimeOffset.UtcNow);
        lock (_stderr)
        {
            if (_fd < 0)
            {
                _stderr.Write(line);
                _stderr.Flush();
                return;
            }
            var failure = WriteAll(Encoding.UTF8.GetBytes(line));
            if (failure is not null)
                _stderr.WriteLine($"Failed to write to log, write {_path}: {Errno.Describe(failure.Value)}");
        }
    }

    private int? WriteAll(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var n = WriteNative(_fd, bytes, bytes.Length);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                    continue;
                return errno;
            }
            bytes = bytes[(int)n..];
        }
        return null;
    }

    public void Dispose()
    {
        if (_fd >= 0)
            CloseNative(_fd);
        _fd = -1;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);
}
