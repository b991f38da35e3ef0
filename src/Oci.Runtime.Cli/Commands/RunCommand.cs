using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `run`: create and start, as one step (no exec fifo: <see cref="CreateRequest.StartAtOnce"/>). In the foreground ocirt stays as the container's parent: it
/// forwards the signals it gets to the init, waits, deletes the container (unless --keep)
/// and exits with the container's exit status, as runc does. With --detach it returns once
/// the container runs.
/// </summary>
public static class RunCommand
{
    public static int Run(CommandContext context)
    {
        var detach = context.Args.Bool("detach");
        if (!detach && !context.Args.Bool("no-subreaper"))
        {
            // An init forked into a joined PID namespace is not ocirt's child: as subreaper, ocirt still gets to reap it.
            ParentProcess.BecomeSubreaper();
        }
        var request = CreateCommand.Prepare(context);
        // A terminal without a console socket: in the foreground ocirt is the terminal's other end.
        using var console = request.Spec.Process?.Terminal == true && request.ConsoleSocket is null
            ? (detach ? throw new OcirtException("process.terminal: a detached run needs --console-socket to hand the terminal to") : ConsoleProxy.Create())
            : null;
        var (record, init) = CreateCommand.Create(context, request with { ConsoleFd = console?.ChildEnd, StartAtOnce = true });
        console?.Start();
        using (init)
        {
            ContainerStarter.RunPoststartHooks(record, context.Log);
            if (detach)
                return 0;
            int status;
            using (SignalForwarding.To(init, console))
                status = init.Wait() ?? 1;
            console?.Drain();
            if (!context.Args.Bool("keep"))
                context.Containers.Delete(record.Id, force: true);
            return status;
        }
    }
}
