using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp;

/// <summary>
/// Lays out the whole program the way libseccomp does, architecture check first:
/// <code>
///   ld  [arch]
///   jeq AUDIT_ARCH_1, section 1      (native first: the common case takes one jump)
///   jeq AUDIT_ARCH_2, section 2
///   ret bad-arch action
///   section 1: ld [nr]; syscall tree; argument checks
///   section 2: ...
/// </code>
/// </summary>
internal static class FilterEmitter
{
    public static byte[] Emit(List<ArchSection> sections, Verdicts verdicts)
    {
        var w = new BpfWriter();
        var entries = new Target[sections.Count];
        for (var s = sections.Count - 1; s >= 0; s--)
            entries[s] = SyscallDispatch.Emit(w, sections[s], verdicts);

        var next = Target.Return(verdicts.BadArch);
        for (var s = sections.Count - 1; s >= 0; s--)
            next = w.Branch(Bpf.JumpIfEqual, sections[s].AuditArch, entries[s], next);
        w.Load(Bpf.ArchOffset);

        if (w.Count > Bpf.MaxInstructions)
            throw new OcirtException(
                $"linux.seccomp: the filter compiles to {w.Count} BPF instructions, the kernel accepts at most {Bpf.MaxInstructions}");
        return w.ToArray();
    }
}
