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
        var program = SeccompCompiler.Compile(profile, SeccompArchitectures.Native);
        if (program.UsesNotify)
            throw new OcirtException("linux.seccomp: SCMP_ACT_NOTIFY (listenerPath) is not supported yet");
        e.Syscall(Sys.Seccomp, "linux.seccomp: load the filter", Arg.Flags(SeccompSetModeFilter, "SECCOMP_SET_MODE_FILTER"),
            Arg.Flags(program.Flags, $"0x{program.Flags:x}"),
            e.Program.FilterProgram(program.Filter, program.InstructionCount, $"{{{program.InstructionCount} instructions}}"));
    }
}
