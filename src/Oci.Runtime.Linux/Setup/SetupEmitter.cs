using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// Typed helpers that append operations to a <see cref="SetupProgram"/>: each call is one
/// operation (one raw syscall in the child) with arguments shown the way strace would.
/// </summary>
public sealed class SetupEmitter(SetupProgram program)
{
    private readonly Dictionary<(long, long, long), Arg> _openHows = [];

    public SetupProgram Program => program;

    public Register Reg(string name) => program.Register(name);

    public Arg Str(string value) => program.String(value);

    public static Arg Fd(int fd) => Arg.Number(fd);

    public static Arg Flags(long value, IReadOnlyList<(long, string)> names) => Arg.Flags(value, FlagNames(value, names));

    public SetupOp Syscall(Sys call, string culprit, params Arg[] args) => program.Syscall(call, culprit, args);

    /// <summary>Adds a result register and branching to the op just emitted.</summary>
    public void Then(Register? result = null, int alternateErrno = 0, int skipOnAlternate = 0, int skipOnSuccess = 0, int alsoAlternateErrno = 0) =>
        program.ReplaceLast(program.Ops[^1] with
        {
            Result = result,
            AlternateErrno = alternateErrno,
            AlsoAlternateErrno = alsoAlternateErrno,
            SkipOnAlternate = skipOnAlternate,
            SkipOnSuccess = skipOnSuccess,
        });

    /// <summary>openat2(dir, path, how): `resolve` keeps the lookup inside `dir` (RESOLVE_IN_ROOT, CVE-2021-30465).</summary>
    public void OpenAt2(Arg dir, string path, long flags, long mode, long resolve, Register result, string culprit)
    {
        Syscall(Sys.Openat2, culprit, dir, Str(path), OpenHow(flags, mode, resolve), Arg.Number(24));
        Then(result);
    }

    public void OpenAt(Arg dir, string path, long flags, Register result, string culprit)
    {
        Syscall(Sys.Openat, culprit, dir, Str(path), Flags(flags, OpenFlagNames), Arg.Number(0));
        Then(result);
    }

    public void Close(Register fd, string culprit) => Syscall(Sys.Close, culprit, Arg.In(fd));

    /// <summary>"/proc/self/fd/N" for an fd the child holds, so a syscall that takes a path acts on exactly that file.</summary>
    public Register FdPath(Register fd, int slot, string culprit)
    {
        var path = Reg($"path{slot}");
        program.Append(new SetupOp(OpCode.FdPath, null, [Arg.In(fd), Arg.Number(slot)], culprit) { Result = path });
        return path;
    }

    public void Mount(Arg source, Arg target, Arg type, long flags, Arg data, string culprit) =>
        Syscall(Sys.Mount, culprit, source, target, type, Flags(flags, MountFlagNames), data);

    public void Sync(SyncCode code, string culprit, long value = 0) =>
        program.Append(new SetupOp(OpCode.Sync, null, [Arg.Flags((long)code, code.ToString()), Arg.Number(value)], culprit));

    public void Prctl(int option, long value, string culprit, string display) =>
        Syscall(Sys.Prctl, culprit, Arg.Flags(option, display), Arg.Number(value), Arg.Number(0), Arg.Number(0), Arg.Number(0));

    private Arg OpenHow(long flags, long mode, long resolve)
    {
        if (_openHows.TryGetValue((flags, mode, resolve), out var existing))
            return existing;
        var bytes = new byte[24];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), flags);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), mode);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), resolve);
        var display = $"{{{FlagNames(flags, OpenFlagNames)}, {(mode == 0 ? "0" : "0" + Convert.ToString(mode, 8))}, {FlagNames(resolve, ResolveFlagNames)}}}";
        return _openHows[(flags, mode, resolve)] = program.Bytes(bytes, display);
    }
}

/// <summary>Points where the child stops and waits for the parent (ocirt_spawn.h's OCIRT_OP_SYNC codes).</summary>
public enum SyncCode
{
    /// <summary>In a new user namespace: the parent writes uid_map and gid_map.</summary>
    IdMaps = 1,
    /// <summary>Namespaces exist: the parent places the cgroups, sets rlimits and oom_score_adj, runs prestart and createRuntime hooks.</summary>
    ParentSetup = 2,
    /// <summary>Mounts are done, pivot_root is next: the parent runs createContainer hooks in the container's namespaces.</summary>
    CreateContainerHooks = 3,
    /// <summary>Set up: the parent records the container as created; the child then blocks on the exec fifo.</summary>
    Ready = 4,
}
