using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// process.terminal: a pty from the container's own devpts (after pivot_root, /dev/ptmx is
/// pts/ptmx), its master sent over the console socket, its slave made the controlling
/// terminal and stdin/stdout/stderr. As runc's: without ONLCR (a captured `run -t` has no
/// stray \r) and owned by the process's uid (the group stays devpts's, tty with runc's spec).
/// </summary>
public static class ConsoleSteps
{
    private const long TCGETS = 0x5401, TCSETS = 0x5402;
    private const uint ONLCR = 0x4;
    private const int TermiosOutputFlags = 4;

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
        ClearOnlcr(e, slave);
        // What runc's fixStdioPermissions does; EPERM/EINVAL (an owner not mapped in the user namespace) leave it as it is, as there.
        e.Syscall(Sys.Fchownat, $"process.terminal: give the pty to uid {process.User.Uid}", Arg.In(slave), e.Str(""),
            Arg.Number(process.User.Uid), Arg.Number(-1), Arg.Flags(AT_EMPTY_PATH, "AT_EMPTY_PATH"));
        e.Then(alternateErrno: Spec.Errno.EPERM, alsoAlternateErrno: Spec.Errno.EINVAL);
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

    /// <summary>tcgetattr, c_oflag &amp;= ~ONLCR, tcsetattr: "\n" reaches the other end as "\n", not "\r\n".</summary>
    private static void ClearOnlcr(SetupEmitter e, Register slave)
    {
        // struct termios: c_iflag, c_oflag, c_cflag, c_lflag, c_line, c_cc[19] (36 bytes; room to spare).
        var termios = e.Program.Bytes(new byte[64], "&termios");
        var outputFlags = new Arg(ArgKind.Data, termios.Value + TermiosOutputFlags, "&termios.c_oflag");
        e.Syscall(Sys.Ioctl, "process.terminal: read the pty's settings", Arg.In(slave), Arg.Flags(TCGETS, "TCGETS"), termios);
        e.Program.Append(new SetupOp(OpCode.MaskWord, null, [outputFlags, Arg.Flags(~ONLCR, "~ONLCR"), Arg.Number(0)],
            "process.terminal: clear ONLCR"));
        e.Syscall(Sys.Ioctl, "process.terminal: clear the pty's ONLCR", Arg.In(slave), Arg.Flags(TCSETS, "TCSETS"), termios);
    }
}
