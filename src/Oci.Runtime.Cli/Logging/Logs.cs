using Microsoft.Extensions.Logging;

namespace Oci.Runtime.Cli.Logging;

/// <summary>
/// The process's logger, built on first use from --log, --log-format and --debug: most calls
/// (a `state`, a successful `start`) never log, and start-up time is paid on every engine call.
/// </summary>
public sealed class Logs(string? path, LogFormat format, bool debug, TextWriter stderr) : IDisposable
{
    private LoggerFactory? _factory;
    private ILogger? _logger;

    public ILogger Logger => _logger ??= Create();

    /// <summary>True when lines go to a --log file, so a failure must also reach stderr in plain words.</summary>
    public bool ToFile => !string.IsNullOrEmpty(path) && path != "/dev/stderr";

    private ILogger Create()
    {
        _factory = new LoggerFactory(
            [new RuncLoggerProvider(LogSink.Open(path, format, stderr))],
            new LoggerFilterOptions { MinLevel = debug ? LogLevel.Debug : LogLevel.Information });
        return _factory.CreateLogger("ocirt");
    }

    public void Dispose() => _factory?.Dispose();
}
