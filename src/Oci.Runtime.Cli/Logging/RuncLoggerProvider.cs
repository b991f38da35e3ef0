using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>Microsoft.Extensions.Logging provider writing runc's log formats to a <see cref="LogSink"/>.</summary>
public sealed class RuncLoggerProvider(LogSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RuncLogger(sink);

    public void Dispose() => sink.Dispose();

    private sealed class RuncLogger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                sink.Write(logLevel, formatter(state, exception));
        }
    }
}
