using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Setup;

/// <summary>The interpreter's operations (ocirt_spawn.h's enum ocirt_opcode).</summary>
public enum OpCode : uint
{
    Syscall = 1,
    FdPath = 2,
    Sync = 3,
    Fork = 4,
    SendFd = 5,
    FindExecutable = 6,
    Exec = 7,
    MaskWord = 8,
    WriteString = 9,
    CwdInRoot = 10,
    Value = 11,
}

/// <summary>
/// One step of a setup program. <see cref="Culprit"/> names what the step does for the user
/// (`mounts[3]: mount "proc" on "/proc"`): when the child reports (step, errno), that is
/// the message, with the syscall and errno appended.
/// </summary>
public sealed record SetupOp(OpCode Code, Sys? Call, IReadOnlyList<Arg> Args, string Culprit)
{
    public Register? Result { get; init; }

    /// <summary>An errno that is not a failure: the child takes the alternate path instead (<see cref="AnyErrno"/>: every errno).</summary>
    public int AlternateErrno { get; init; }

    /// <summary>A second errno that takes the alternate path (a syscall a seccomp profile may refuse with EPERM or ENOSYS).</summary>
    public int AlsoAlternateErrno { get; init; }

    public const int AnyErrno = -1;

    public int SkipOnSuccess { get; init; }

    public int SkipOnAlternate { get; init; }

    public string Name => Code switch
    {
        OpCode.Syscall => SyscallNumbers.NameOf(Call!.Value),
        OpCode.FdPath => "fd_path",
        OpCode.Sync => "sync",
        OpCode.Fork => "fork",
        OpCode.SendFd => "send_fd",
        OpCode.FindExecutable => "find_executable",
        OpCode.MaskWord => "mask_word",
        OpCode.WriteString => "write_string",
        OpCode.CwdInRoot => "cwd_in_root",
        OpCode.Value => "value",
        _ => "execve",
    };

    /// <summary>The line the program listing shows: `mount("proc", %target, "proc", MS_NOSUID, NULL) -> %r`.</summary>
    public string Text
    {
        get
        {
            var text = $"{Name}({string.Join(", ", Args)})";
            if (Result is { } result)
                text += $" -> {result}";
            if (AlternateErrno != 0)
            {
                var errnos = AlternateErrno == AnyErrno ? "any errno" : Errno.NameOf(AlternateErrno);
                if (AlsoAlternateErrno != 0)
                    errnos += "|" + Errno.NameOf(AlsoAlternateErrno);
                text += $" [{errnos}: skip {SkipOnAlternate}]";
            }
            if (SkipOnSuccess != 0)
                text += $" [ok: skip {SkipOnSuccess}]";
            return text;
        }
    }
}
