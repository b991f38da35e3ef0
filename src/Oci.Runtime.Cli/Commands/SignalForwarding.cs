using System.Runtime.InteropServices;
using Oci.Runtime.Linux.Spawning;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// While ocirt waits in the foreground (`run`, `exec`), the signals it gets go to the
/// container's process instead, as runc forwards them.
/// </summary>
public sealed class SignalForwarding : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGTERM, 15),
        (PosixSignal.SIGWINCH, 28), ((PosixSignal)10, 10), ((PosixSignal)12, 12),
    ];

    private readonly List<PosixSignalRegistration> _registrations;

    private SignalForwarding(List<PosixSignalRegistration> registrations) => _registrations = registrations;

    /// <param name="console">A proxied terminal: it follows ocirt's own terminal's size on SIGWINCH.</param>
    public static SignalForwarding To(ChildProcess process, ConsoleProxy? console = null) => new(Forwarded.Select(f => PosixSignalRegistration.Create(f.Signal, received =>
    {
        received.Cancel = true;
        if (f.Number == 28)
            console?.CopyWindowSize();
        process.Kill(f.Number);
    })).ToList());

    public void Dispose() => _registrations.ForEach(r => r.Dispose());
}
