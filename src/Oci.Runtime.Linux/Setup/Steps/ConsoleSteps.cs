using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// process.terminal: a pty from the container's own devpts (after pivot_root, /dev/ptmx is
/// pts/ptmx), its master sent over the console socket, its slave made the controlling
/// terminal and stdin/stdout/stderr.
/// </summary>
public static class ConsoleSteps
{
    public static void Emit(SetupEmitter e, ProcessPlan plan)
    {
        var process = plan.Process;
        if (!process.Terminal)
            return;
        if (plan.ConsoleSocketFd is not { } socket)
            throw new Spec.OcirtException("process.terminal: a terminal needs --console-socket (or `run` in the foreground)");
        var master = e.Reg("ptmx");
        var slave = e.Reg("pty");
        e.OpenAt(Arg.Number(AT_FDCWD), "/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, master, "process.terminal: open /dev/ptmx");
        e.Syscall(Sys.Ioctl, "process.terminal: unlock the pty", Arg.In(master), Arg.Flags(TIOCSPTLCK, "TIOCSPTLCK"), e.Program.Bytes(new byte[4], "&0"));
        e.Syscall(Sys.Ioctl, "process.terminal: open the pty's peer", Arg.In(master), Arg.Flags(TIOCGPTPEER, "TIOCGPTPEER"),
            SetupEmitter.Flags(O_RDWR | O_NOCTTY | O_CLOEXEC, OpenFlagNames));
        e.Then(slave);
        if (process.ConsoleSize is { } size)
        {
            var winsize = new byte[8];
            BitConverter.TryWriteBytes(winsize.AsSpan(0), (ushort)size.Height);
            BitConverter.TryWriteBytes(winsize.AsSpan(2), (ushort)size.Width);
            e.Syscall(Sys.Ioctl, "process.consoleSize: set the window size", Arg.In(slave), Arg.Flags(TIOCSWINSZ, "TIOCSWINSZ"),
                e.Program.Bytes(winsize, $"{{rows={size.Height}, cols={size.Width}}}"));
        }
        e.Program.Append(new SetupOp(OpCode.SendFd, null, [SetupEmitter.Fd(socket), Arg.In(master)], "--console-socket: send the pty master"));
        e.Close(master, "process.terminal");
        e.Syscall(Sys.Setsid, "process.terminal: start a session");
        e.Syscall(Sys.Ioctl, "process.terminal: make the pty the controlling terminal", Arg.In(slave), Arg.Flags(TIOCSCTTY, "TIOCSCTTY"), Arg.Number(0));
        for (var fd = 0; fd < 3; fd++)
            e.Syscall(Sys.Dup3, $"process.terminal: make the pty fd {fd}", Arg.In(slave), Arg.Number(fd), Arg.Number(0));
        e.Close(slave, "process.terminal");
    }
}
