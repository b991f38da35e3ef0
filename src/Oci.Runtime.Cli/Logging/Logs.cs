using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// The process's logger. The logger factory and the --log file are made on the first line
/// actually written: most calls (a `state`, a successful `start`) never log, and start-up
/// time is paid on every engine call.
/// </summary>
public sealed class Logs : IDisposable
{
    private readonly string? _path;
    private readonly LogFormat _format;
    private readonly TextWriter _stderr;
    private readonly LogLevel _minimum;
    private LoggerFactory? _factory;
    private ILogger? _inner;

    public Logs(string? path, LogFormat format, bool debug, TextWriter stderr)
    {
        _path = path;
        _format = format;
        _stderr = stderr;
        _minimum = debug ? LogLevel.Debug : LogLevel.Information;
        Logger = new DeferredLogger(this);
    }

    public ILogger Logger { get; }

    /// <summary>True when lines go to a --log file, so a failure must also reach stderr in plain words.</summary>
    public bool ToFile => !string.IsNullOrEmpty(_path) && _path != "/dev/stderr";

    private ILogger Inner()
    {
        if (_inner is not null)
            return _inner;
        _factory = new LoggerFactory(
            [new RuncLoggerProvider(LogSink.Open(_path, _format, _stderr))],
            new LoggerFilterOptions { MinLevel = _minimum });
        return _inner = _factory.CreateLogger("ocirt");
    }

    public void Dispose() => _factory?.Dispose();

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
