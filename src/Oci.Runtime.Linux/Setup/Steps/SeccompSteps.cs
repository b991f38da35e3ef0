using Oci.Runtime.Seccomp;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// linux.seccomp: compiled to BPF here, in the parent; the child only loads it with
/// seccomp(2). Where it is loaded follows runc: with no_new_privs as late as possible (so the
/// profile sees few of ocirt's own syscalls); without it, before the capabilities are dropped,
/// because loading a filter then needs CAP_SYS_ADMIN.
/// </summary>
public static class SeccompSteps
{
    private const int SeccompSetModeFilter = 1;

    public static bool LoadsEarly(ProcessPlan plan) => plan.Seccomp is not null && !plan.Process.NoNewPrivileges;

    public static void Emit(SetupEmitter e, ProcessPlan plan)
    {
        if (plan.Seccomp is not { } profile)
            return;
        var program = Compile(plan);
        e.Syscall(Sys.Seccomp, "linux.seccomp: load the filter", Arg.Flags(SeccompSetModeFilter, "SECCOMP_SET_MODE_FILTER"),
            Arg.Flags(program.Flags, $"0x{program.Flags:x}"),
            e.Program.FilterProgram(program.Filter, program.InstructionCount, $"{{{program.InstructionCount} instructions}}"));
        if (!program.UsesNotify)
            return;
        // With NEW_LISTENER seccomp(2) returns the notify fd: it goes to the parent, which hands it
        // to linux.seccomp.listenerPath with the container's state (and closes its copy here).
        var listener = e.Reg("listener");
        e.Then(listener);
        e.Program.Append(new SetupOp(OpCode.SendFd, null, [SetupEmitter.Fd(plan.SyncFd), Arg.In(listener), Arg.Flags(ListenerFd, "seccomp listener")],
            "linux.seccomp.listenerPath: send the listener fd to ocirt"));
        e.Close(listener, "linux.seccomp.listenerPath");
    }

    /// <summary>What an fd message from the child carries: the seccomp notify listener.</summary>
    public const int ListenerFd = 1;

    /// <summary>A filter with SCMP_ACT_NOTIFY must reach the parent before the child reports ready.</summary>
    public static bool UsesNotify(ProcessPlan plan) => plan.Seccomp is not null && Compile(plan).UsesNotify;

    private static SeccompProgram Compile(ProcessPlan plan)
    {
        var program = SeccompCompiler.Compile(plan.Seccomp!, SeccompArchitectures.Native);
        if (program.UsesNotify && string.IsNullOrEmpty(plan.Seccomp!.ListenerPath))
            throw new OcirtException("linux.seccomp.listenerPath: SCMP_ACT_NOTIFY needs a listener to send the notify fd to");
        return program;
    }
}
