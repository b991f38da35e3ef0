using System.Runtime.InteropServices;
using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `run`: create and start. In the foreground ocirt stays as the container's parent: it
/// forwards the signals it gets to the init, waits, deletes the container (unless --keep)
/// and exits with the container's exit status, as runc does. With --detach it returns once
/// the container runs.
/// </summary>
public static class RunCommand
{
    private static readonly PosixSignal[] Forwarded =
    [
        PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT, PosixSignal.SIGWINCH,
        (PosixSignal)10, (PosixSignal)12, // SIGUSR1, SIGUSR2
    ];

    public static int Run(CommandContext context)
    {
        var detach = context.Args.Bool("detach");
        if (!detach && !context.Args.Bool("no-subreaper"))
        {
            // An init forked into a joined PID namespace is not ocirt's child: as subreaper, ocirt still gets to reap it.
            ParentProcess.BecomeSubreaper();
        }
        var (record, init) = CreateCommand.Create(context);
        using (init)
        {
            try
            {
                new ContainerStarter(context.Containers.Store, new HostProcesses(), context.Log).Start(record.Id);
            }
            catch
            {
                context.Containers.Delete(record.Id, force: true);
                throw;
            }
            if (detach)
                return 0;
            var registrations = Forwarded.Select(signal => PosixSignalRegistration.Create(signal, received =>
            {
                received.Cancel = true;
                init.Kill((int)SignalNumber(received.Signal));
            })).ToList();
            var status = init.Wait() ?? 1;
            registrations.ForEach(r => r.Dispose());
            if (!context.Args.Bool("keep"))
                context.Containers.Delete(record.Id, force: true);
            return status;
        }
    }

    /// <summary>PosixSignal's named members are negative placeholders; their Linux numbers are these.</summary>
    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        PosixSignal.SIGWINCH => 28,
        _ => (int)signal,
    };
}
