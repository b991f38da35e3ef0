using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// The process's logger. The --log file is opened up front, as runc and crun open it, so a log
/// that cannot be opened fails every call and not only the ones that happen to log. The logger
/// factory is made on the first line actually written: most calls (a `state`, a successful
/// `start`) never log, and start-up time is paid on every engine call.
/// </summary>
public sealed class Logs : IDisposable
{
    private readonly LogSink _sink;
    private readonly LogLevel _minimum;
    private LoggerFactory? _factory;
    private ILogger? _inner;

    private Logs(LogSink sink, bool toFile, bool debug)
    {
        _sink = sink;
        ToFile = toFile;
        _minimum = debug ? LogLevel.Debug : LogLevel.Information;
        Logger = new DeferredLogger(this);
    }

    /// <summary>The logs for --log PATH, or null with runc's reason when PATH cannot be opened for writing.</summary>
    public static Logs? Open(string? path, LogFormat format, bool debug, TextWriter stderr, out string? failure)
    {
        failure = null;
        if (string.IsNullOrEmpty(path) || path == "/dev/stderr")
            return new Logs(LogSink.ToStderr(format, stderr), toFile: false, debug);
        var sink = LogSink.OpenFile(path, format, stderr, out failure);
        return sink is null ? null : new Logs(sink, toFile: true, debug);
    }

    public ILogger Logger { get; }

    /// <summary>True when lines go to a --log file, so a failure must also reach stderr in plain words.</summary>
    public bool ToFile { get; }

    private ILogger Inner()
    {
        if (_inner is not null)
            return _inner;
        _factory = new LoggerFactory(
            [new RuncLoggerProvider(_sink)],
            new LoggerFilterOptions { MinLevel = _minimum });
        return _inner = _factory.CreateLogger("ocirt");
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _sink.Dispose();
    }

    /// <summary>Answers IsEnabled from --debug alone and builds the real logger on the first line that passes.</summary>
    private sealed class DeferredLogger(Logs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= logs._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs.Inner().Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
