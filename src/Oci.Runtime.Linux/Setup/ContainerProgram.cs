using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup;

/// <summary>Compiles a container's config into the program its init runs, from clone to execve.</summary>
public static class ContainerProgram
{
    public static SetupProgram Compile(ContainerPlan plan)
    {
        var spec = plan.Spec;
        if (spec.Process is null)
            throw new OcirtException("process: missing: there is nothing to run");

        var e = new SetupEmitter(new SetupProgram());
        // The parent writes the init's oom_score_adj, which the kernel gives every process sharing its memory.
        if (spec.Process.OomScoreAdj is not null)
            e.Program.RequireOwnMemory("process.oomScoreAdj");
        // CVE-2019-5736: until execve, /proc/<pid>/exe of this process is the host's ocirt binary.
        // A non-dumpable process's /proc entries are root's only, so nothing in a shared PID
        // namespace can open it (and later write through it). execve makes the container's process dumpable again.
        e.Prctl(PR_SET_DUMPABLE, 0, "init: make the setup process non-dumpable", "PR_SET_DUMPABLE");
        var kept = InheritedFdSteps.KeptBy(plan);
        InheritedFdSteps.CloseAllBut(e, kept);
        NamespaceSteps.Emit(e, plan);
        // After any fork into the PID namespace: the process that joins is the one that stays.
        CgroupSteps.EmitJoin(e, plan.CgroupJoinFds, "init");
        e.Sync(SyncCode.ParentSetup, "rlimits, oom_score_adj and createRuntime hooks");
        NamespaceSteps.EmitDeferredCgroupNamespace(e, plan);
        if (spec.Hostname is { Length: > 0 } hostname)
            e.Syscall(Sys.Sethostname, $"hostname: set \"{hostname}\"", e.Str(hostname), Arg.Number(System.Text.Encoding.UTF8.GetByteCount(hostname)));
        if (spec.Domainname is { Length: > 0 } domainname)
            e.Syscall(Sys.Setdomainname, $"domainname: set \"{domainname}\"", e.Str(domainname), Arg.Number(System.Text.Encoding.UTF8.GetByteCount(domainname)));
        LoopbackSteps.Emit(e, spec);
        // As runc: the rootfs is set up in the container's mount namespace, new or joined, or
        // (no mount namespace) in the runtime's, where delete undoes it (HostMountsMade).
        RootfsSteps.Emit(e, plan, runCreateContainerHooks: spec.Hooks?.CreateContainer is { Count: > 0 });
        var process = plan.ProcessPlan with { InheritedFds = kept };
        ConsoleSteps.Emit(e, process);
        KernelSteps.Emit(e, plan);
        var prepared = ProcessSteps.Prepare(e, process);
        // Started at once (`run`), the answer to Ready is the go-ahead: no fifo to wait on.
        ProcessSteps.HandOver(e, process, prepared, "create: report the container created", waitForStart: plan.ExecFifoFd < 0 ? null : w =>
        {
            // Blocks until `start` opens the fifo for reading; the byte tells start the init got the go-ahead.
            var fifo = w.Reg("fifo");
            w.OpenAt(Arg.Number(AT_FDCWD), $"/proc/self/fd/{plan.ExecFifoFd}", O_WRONLY | O_CLOEXEC, fifo, "start: wait on the exec fifo");
            w.Syscall(Sys.Write, "start: acknowledge the exec fifo", Arg.In(fifo), w.Str("0"), Arg.Number(1));
        });
        return e.Program;
    }

    /// <summary>The program as text, one operation a line (what `ocirt plan` prints).</summary>
    public static string Listing(SetupProgram program)
    {
        var text = new System.Text.StringBuilder();
        if (program.CloneFlags != 0)
            text.Append("clone3(").Append(NamespaceSteps.Names(program.CloneFlags)).Append(")\n");
        for (var i = 0; i < program.Ops.Count; i++)
            text.Append($"{i,4}  {program.Ops[i].Text}\n");
        return text.ToString();
    }
}
