using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// The last stretch before execve, in runc's order: drop the bounding set while still
/// privileged, keep capabilities across the uid change, switch groups/gid/uid, set the
/// final capability sets and raise the ambient ones, no_new_privs, the cwd (resolved inside
/// the root, never through a magic link: CVE-2024-21626), the umask, the executable's lookup
/// (so a missing command fails `create` as in runc), then the hand-over: the fds to keep, the
/// ready report, a late seccomp filter, the go-ahead (the init's exec fifo) and execve.
/// </summary>
public static class ProcessSteps
{
    private const uint CapabilityVersion3 = 0x20080522;

    /// <summary>Everything up to the hand-over: returns the executable's candidates and the register holding which one exists.</summary>
    public static (Arg Candidates, Register Executable, IReadOnlyList<string> Environment) Prepare(SetupEmitter e, ProcessPlan plan)
    {
        var process = plan.Process;
        if (process.Args is not { Count: > 0 })
            throw new OcirtException("process.args: missing: there is nothing to run");
        ProcessAttributes(e, process);
        if (plan.Personality is { } personality)
        {
            // The spec defines no personality flags yet; the domain is LINUX (0) or LINUX32 (PER_LINUX32).
            var domain = personality.Domain == "LINUX32" ? 0x0008 : 0x0000;
            e.Syscall(Sys.Personality, $"linux.personality: {personality.Domain}", Arg.Flags(domain, personality.Domain == "LINUX32" ? "PER_LINUX32" : "PER_LINUX"));
        }
        var entered = EnterCwdAsTheRuntime(e, process.Cwd);
        if (SeccompSteps.LoadsEarly(plan))
            SeccompSteps.Emit(e, plan);
        Credentials(e, plan, process);
        if (process.NoNewPrivileges)
            e.Prctl(PR_SET_NO_NEW_PRIVS, 1, "process.noNewPrivileges", "PR_SET_NO_NEW_PRIVS");
        EnterCwdAsTheUser(e, plan, process.Cwd, entered);
        e.Syscall(Sys.Umask, "process.user.umask", Arg.Octal(process.User.Umask ?? 0x12));

        var environment = ProcessEnvironment.Of(process, plan.DefaultHome, plan.ListenFds);
        var candidates = e.Program.StringArray(ExecutableCandidates.For(process.Args[0], environment));
        var executable = e.Reg("executable");
        e.Program.Append(new SetupOp(OpCode.FindExecutable, null, [candidates], $"process.args[0]: \"{process.Args[0]}\"") { Result = executable });
        return (candidates, executable, environment);
    }

    /// <summary>
    /// Reports ready, loads a late seccomp filter, waits for the go-ahead if there is one (the
    /// init's exec fifo), and execs. Only the fds to keep survive the exec.
    /// </summary>
    public static void HandOver(SetupEmitter e, ProcessPlan plan, (Arg Candidates, Register Executable, IReadOnlyList<string> Environment) prepared,
        string readyCulprit, Action<SetupEmitter>? waitForStart = null)
    {
        KeepOnlyContainerFds(e, plan);
        // A notify listener fd must reach the parent before it is told the process is ready.
        var lateSeccompFirst = !SeccompSteps.LoadsEarly(plan) && SeccompSteps.UsesNotify(plan);
        if (lateSeccompFirst)
            SeccompSteps.Emit(e, plan);
        e.Sync(SyncCode.Ready, readyCulprit);
        if (!SeccompSteps.LoadsEarly(plan) && !lateSeccompFirst)
            SeccompSteps.Emit(e, plan);
        waitForStart?.Invoke(e);
        var process = plan.Process;
        var failed = e.Reg("exec_error");
        e.Program.Append(new SetupOp(OpCode.Exec, null,
            [prepared.Candidates, Arg.In(prepared.Executable), e.Program.StringArray(process.Args!), e.Program.StringArray(prepared.Environment)],
            $"process.args: exec \"{process.Args![0]}\"") { Result = failed, AlternateErrno = SetupOp.AnyErrno });
        ReportExecFailure(e, plan, prepared, failed);
    }

    /// <summary>
    /// A failed execve is the process's own failure, as in runc: told on its stderr in runc's
    /// words (`exec /run.sh: no such file or directory`, the path the lookup chose), status 1.
    /// By now nobody may be reading the sync socket (create has returned, start only waits on the fifo).
    /// </summary>
    private static void ReportExecFailure(SetupEmitter e, ProcessPlan plan, (Arg Candidates, Register Executable, IReadOnlyList<string> Environment) prepared, Register failed)
    {
        var candidates = ExecutableCandidates.For(plan.Process.Args![0], prepared.Environment).Count;
        e.Syscall(Sys.Write, "process.args: report the failed exec", Arg.Number(2), e.Str("exec "), Arg.Number(5));
        e.Then(alternateErrno: SetupOp.AnyErrno);
        e.Program.Append(new SetupOp(OpCode.WriteString, null,
            [Arg.Number(2), prepared.Candidates, Arg.In(prepared.Executable), Arg.Number(candidates), e.Str("")],
            "process.args: report the failed exec") { AlternateErrno = SetupOp.AnyErrno });
        var descriptions = e.Program.StringArray(ErrnoLinesFor(plan.Process.Args!, prepared.Environment), "[\": <strerror>\\n\", ...]");
        var unknown = e.Str(": exec failed\n") with { Display = "\": exec failed\\n\"" };
        e.Program.Append(new SetupOp(OpCode.WriteString, null,
            [Arg.Number(2), descriptions, Arg.In(failed), Arg.Number(ErrnoLines.Value.Length), unknown],
            "process.args: report the failed exec") { AlternateErrno = SetupOp.AnyErrno });
        e.Syscall(Sys.ExitGroup, "process.args: exit after the failed exec", Arg.Number(1));
    }

    /// <summary>": no such file or directory\n" for each errno, as Go's error text ends runc's message.</summary>
    private static readonly Lazy<string[]> ErrnoLines = new(() =>
        [.. Enumerable.Range(0, 134).Select(errno => errno == 0 ? ": exec failed\n" : $": {Errno.Describe(errno)}\n")]);

    /// <summary>
    /// runc's lines, with E2BIG saying what was too big: the total of args and env, which the
    /// kernel measures against a quarter of the process's RLIMIT_STACK (at most 6 MiB).
    /// </summary>
    private static string[] ErrnoLinesFor(IReadOnlyList<string> args, IReadOnlyList<string> env)
    {
        var lines = (string[])ErrnoLines.Value.Clone();
        lines[Errno.E2BIG] = $": {Errno.Describe(Errno.E2BIG)}: process.args and process.env take {ExecLimits.Size(args, env)} bytes, "
            + "more than execve allows (a quarter of RLIMIT_STACK, at most 6 MiB)\n";
        return lines;
    }

    /// <summary>
    /// runc enters the cwd twice. First as the runtime, before the credentials and the
    /// capabilities change, so a process of a non-root user may start in a directory only
    /// root can enter (`/root`, 0700). When that is refused (EACCES, EPERM: a volume the
    /// runtime's user cannot enter but the container's user can, as under NFS root squash),
    /// again as the container's user. Both tries open the cwd inside the root without magic
    /// links (CVE-2024-21626). Returns the register that tells the second try what the first
    /// did: 0 when it entered the cwd, -errno when it was refused.
    /// </summary>
    private static Register EnterCwdAsTheRuntime(SetupEmitter e, string cwd)
    {
        var fd = e.Reg("cwd");
        var fchdir = e.Reg("cwd_entered");
        // Before any seccomp filter, so openat2 cannot be refused by the profile here.
        e.OpenAt2(Arg.Number(AT_FDCWD), cwd, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, PathSteps.InRoot, fd, $"process.cwd: open \"{cwd}\"");
        e.Then(fd, alternateErrno: Errno.EACCES, alsoAlternateErrno: Errno.EPERM, skipOnAlternate: 3);
        e.Syscall(Sys.Fchdir, $"process.cwd: chdir to \"{cwd}\"", Arg.In(fd));
        e.Then(fchdir, alternateErrno: Errno.EACCES, alsoAlternateErrno: Errno.EPERM);
        e.Close(fd, "process.cwd");
        // %cwd now says how the try went: 0 entered, -errno refused (also when openat2 was).
        e.Program.Append(new SetupOp(OpCode.Value, null, [Arg.In(fchdir)], "process.cwd: entered as the runtime")
        {
            Result = fd, AlternateErrno = SetupOp.AnyErrno,
        });
        return fd;
    }

    /// <summary>
    /// The second try, as the container's user, only when the first was refused. A seccomp
    /// profile loaded before this point (without no_new_privs) may not know openat2 and
    /// refuse it with EPERM or ENOSYS: then plain chdir, and the check runc added for
    /// CVE-2024-21626: the cwd must be reachable from the container's root (a magic link such
    /// as /proc/self/fd/N of a directory outside would not be).
    /// </summary>
    private static void EnterCwdAsTheUser(SetupEmitter e, ProcessPlan plan, string cwd, Register enteredBefore)
    {
        var test = e.Program.Add(new SetupOp(OpCode.Value, null, [Arg.In(enteredBefore)], "process.cwd: entered as the runtime")
        {
            AlternateErrno = SetupOp.AnyErrno,
        });
        var fd = e.Reg("cwd");
        e.OpenAt2(Arg.Number(AT_FDCWD), cwd, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, PathSteps.InRoot, fd, $"process.cwd: open \"{cwd}\"");
        if (SeccompSteps.LoadsEarly(plan))
            e.Then(fd, alternateErrno: Errno.EPERM, alsoAlternateErrno: Errno.ENOSYS, skipOnAlternate: 2);
        e.Syscall(Sys.Fchdir, $"process.cwd: chdir to \"{cwd}\"", Arg.In(fd));
        e.Close(fd, "process.cwd");
        if (SeccompSteps.LoadsEarly(plan))
        {
            e.Then(skipOnSuccess: 2);
            e.Syscall(Sys.Chdir, $"process.cwd: chdir to \"{cwd}\"", e.Str(cwd));
            e.Program.Append(new SetupOp(OpCode.CwdInRoot, null, [],
                $"process.cwd: \"{cwd}\": the current working directory is outside of the container's root: possible container breakout (CVE-2024-21626)"));
        }
        var secondTry = e.Program.Ops.Count - test - 1;
        e.Program.Patch(test, op => op with { SkipOnSuccess = secondTry });
    }

    public const string SchedulerCulprit = "process.scheduler";

    private static void ProcessAttributes(SetupEmitter e, Spec.Process process)
    {
        if (process.IOPriority is { } io)
        {
            var cls = io.Class switch { "IOPRIO_CLASS_RT" => 1, "IOPRIO_CLASS_BE" => 2, _ => 3 };
            e.Syscall(Sys.IoprioSet, "process.ioPriority", Arg.Flags(1, "IOPRIO_WHO_PROCESS"), Arg.Number(0),
                Arg.Flags((cls << 13) | io.Priority, $"{io.Class}|{io.Priority}"));
        }
        if (process.Scheduler is { } scheduler)
        {
            // After the cgroup join, as runc (the init, joined by its parent) and crun (from the parent,
            // right after the join) do: the policy is what the process runs with in its own cgroup.
            e.Syscall(Sys.SchedSetattr, $"{SchedulerCulprit}: {scheduler.Policy}", Arg.Number(0), SchedulerAttributes(e, scheduler), Arg.Number(0));
        }
    }

    private static Arg SchedulerAttributes(SetupEmitter e, Scheduler scheduler)
    {
        var policy = scheduler.Policy switch
        {
            "SCHED_FIFO" => 1, "SCHED_RR" => 2, "SCHED_BATCH" => 3, "SCHED_IDLE" => 5, "SCHED_DEADLINE" => 6, _ => 0,
        };
        var flags = (scheduler.Flags ?? []).Aggregate(0UL, (f, name) => f | name switch
        {
            "SCHED_FLAG_RESET_ON_FORK" => 0x01UL, "SCHED_FLAG_RECLAIM" => 0x02UL, "SCHED_FLAG_DL_OVERRUN" => 0x04UL,
            "SCHED_FLAG_KEEP_POLICY" => 0x08UL, "SCHED_FLAG_KEEP_PARAMS" => 0x10UL, "SCHED_FLAG_UTIL_CLAMP_MIN" => 0x20UL,
            _ => 0x40UL,
        });
        // struct sched_attr, SCHED_ATTR_SIZE_VER0 (48 bytes).
        var attr = new byte[48];
        BitConverter.TryWriteBytes(attr.AsSpan(0), 48u);
        BitConverter.TryWriteBytes(attr.AsSpan(4), (uint)policy);
        BitConverter.TryWriteBytes(attr.AsSpan(8), flags);
        BitConverter.TryWriteBytes(attr.AsSpan(16), scheduler.Nice);
        BitConverter.TryWriteBytes(attr.AsSpan(20), (uint)scheduler.Priority);
        BitConverter.TryWriteBytes(attr.AsSpan(24), scheduler.Runtime);
        BitConverter.TryWriteBytes(attr.AsSpan(32), scheduler.Deadline);
        BitConverter.TryWriteBytes(attr.AsSpan(40), scheduler.Period);
        return e.Program.Bytes(attr, $"{{{scheduler.Policy}, nice={scheduler.Nice}, priority={scheduler.Priority}}}");
    }

    private static void Credentials(SetupEmitter e, ProcessPlan plan, Spec.Process process)
    {
        var caps = process.Capabilities;
        var grantable = plan.GrantableCapabilities;
        var bounding = CapabilityGrants.Mask(caps?.Bounding, grantable);
        for (var cap = 0; cap <= plan.LastCapability; cap++)
        {
            if ((bounding & (1UL << cap)) == 0)
                e.Prctl(PR_CAPBSET_DROP, cap, $"process.capabilities.bounding: drop {Capabilities.NameOf(cap) ?? "capability " + cap}", "PR_CAPBSET_DROP");
        }
        // Without KEEPCAPS the switch away from uid 0 would clear the permitted set before capset.
        e.Prctl(PR_SET_KEEPCAPS, 1, "process.user: keep capabilities across the uid change", "PR_SET_KEEPCAPS");
        var user = process.User;
        var groups = user.AdditionalGids ?? [];
        var gidBytes = groups.SelectMany(BitConverter.GetBytes).ToArray();
        if (!plan.SetgroupsDenied)
            e.Syscall(Sys.Setgroups, "process.user.additionalGids", Arg.Number(groups.Count),
                groups.Count == 0 ? Arg.Null : e.Program.Bytes(gidBytes, "[" + string.Join(", ", groups) + "]"));
        else if (groups.Count > 0)
            throw new OcirtException("process.user.additionalGids: the user namespace denies setgroups (its gid map was written by an unprivileged runtime, for its own gid only): no supplementary groups can be set");
        e.Syscall(Sys.Setresgid, "process.user.gid", Arg.Number(user.Gid), Arg.Number(user.Gid), Arg.Number(user.Gid));
        e.Syscall(Sys.Setresuid, "process.user.uid", Arg.Number(user.Uid), Arg.Number(user.Uid), Arg.Number(user.Uid));
        e.Prctl(PR_SET_KEEPCAPS, 0, "process.user: stop keeping capabilities", "PR_SET_KEEPCAPS");

        var effective = CapabilityGrants.Mask(caps?.Effective, grantable);
        var permitted = CapabilityGrants.Mask(caps?.Permitted, grantable);
        var inheritable = CapabilityGrants.Mask(caps?.Inheritable, grantable);
        var header = new byte[8];
        BitConverter.TryWriteBytes(header.AsSpan(0), CapabilityVersion3);
        var data = new byte[24];
        for (var half = 0; half < 2; half++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(12 * half), (uint)(effective >> (32 * half)));
            BitConverter.TryWriteBytes(data.AsSpan(12 * half + 4), (uint)(permitted >> (32 * half)));
            BitConverter.TryWriteBytes(data.AsSpan(12 * half + 8), (uint)(inheritable >> (32 * half)));
        }
        e.Syscall(Sys.Capset, "process.capabilities", e.Program.Bytes(header, "{_LINUX_CAPABILITY_VERSION_3, 0}"),
            e.Program.Bytes(data, $"{{effective=0x{effective:x}, permitted=0x{permitted:x}, inheritable=0x{inheritable:x}}}"));
        // Only what the kernel will raise (also permitted and inheritable); the rest was warned of.
        // EPERM is still tolerated, as by runc: a caller may have set SECBIT_NO_CAP_AMBIENT_RAISE.
        foreach (var (name, cap) in CapabilityGrants.Ambient(caps, grantable))
        {
            e.Syscall(Sys.Prctl, $"process.capabilities.ambient: raise {name}", Arg.Flags(PR_CAP_AMBIENT, "PR_CAP_AMBIENT"),
                Arg.Flags(PR_CAP_AMBIENT_RAISE, "PR_CAP_AMBIENT_RAISE"), Arg.Flags(cap, name), Arg.Number(0), Arg.Number(0));
            e.Then(alternateErrno: Errno.EPERM);
        }
    }

    /// <summary>
    /// Fds 3..3+N-1 are the caller's to pass (runc's --preserve-fds and $LISTEN_FDS): their
    /// close-on-exec flag is cleared. Every other fd is marked close-on-exec, so nothing of ocirt's
    /// or the engine's (the sync socket, _OCI_SYNCPIPE, …) reaches the container. A number of the
    /// range the caller had closed may hold an fd of ocirt's by now (CVE-2016-9962: the state
    /// directory is a way to the host's root): it is marked close-on-exec, not passed.
    /// </summary>
    private static void KeepOnlyContainerFds(SetupEmitter e, ProcessPlan plan)
    {
        foreach (var fd in plan.CallersPreservedFds)
            e.Syscall(Sys.Fcntl, $"--preserve-fds: keep fd {fd}", Arg.Number(fd), Arg.Flags(F_SETFD, "F_SETFD"), Arg.Number(0));
        foreach (var fd in plan.ForeignPreservedFds)
        {
            e.Syscall(Sys.Fcntl, $"--preserve-fds: fd {fd} was closed by the caller, close it on exec", Arg.Number(fd),
                Arg.Flags(F_SETFD, "F_SETFD"), Arg.Flags(FD_CLOEXEC, "FD_CLOEXEC"));
            e.Then(alternateErrno: Errno.EBADF);
        }
        e.Syscall(Sys.CloseRange, "close every other fd on exec", Arg.Number(3 + plan.PreservedFds), Arg.Flags(uint.MaxValue, "~0U"),
            Arg.Flags(CLOSE_RANGE_CLOEXEC, "CLOSE_RANGE_CLOEXEC"));
        if (!SeccompSteps.LoadsEarly(plan))
            return;
        // A seccomp profile loaded earlier may not know close_range (EPERM or ENOSYS). Every fd the
        // program opened is close-on-exec already; the ones it was handed (the sync socket, the
        // console socket, namespaces) are marked one by one (CVE-2016-9962: none may reach the container).
        var handed = plan.InheritedFds.Where(fd => fd >= 3 + plan.PreservedFds).ToList();
        e.Then(alternateErrno: Errno.EPERM, alsoAlternateErrno: Errno.ENOSYS, skipOnSuccess: handed.Count);
        foreach (var fd in handed)
        {
            e.Syscall(Sys.Fcntl, $"close fd {fd} on exec", Arg.Number(fd), Arg.Flags(F_SETFD, "F_SETFD"), Arg.Flags(FD_CLOEXEC, "FD_CLOEXEC"));
            e.Then(alternateErrno: Errno.EBADF);
        }
    }
}
