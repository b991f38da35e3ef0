namespace Oci.Runtime.Seccomp;

/// <summary>One AUDIT_ARCH value and the ABIs that share it, each owning a range of syscall
/// numbers (x86_64 and x32 split AUDIT_ARCH_X86_64 at __X32_SYSCALL_BIT). An ABI whose
/// Rules are null is not in the profile: its numbers get the bad-arch action, as libseccomp's
/// "jge X32_SYSCALL_BIT" filtering does.</summary>
internal sealed class ArchSection(uint auditArch, List<(ArchTable Table, AbiRules? Rules)> abis)
{
    public uint AuditArch { get; } = auditArch;

    /// <summary>Ordered by first syscall number; together they cover 0 to 2^32-1.</summary>
    public List<(ArchTable Table, AbiRules? Rules)> Abis { get; } = abis;
}

/// <summary>The return values a section's syscalls end in when no rule decides.</summary>
internal readonly record struct Verdicts(uint Default, uint BadArch, bool Enosys);

/// <summary>
/// Emits the part of a section that looks at seccomp_data.nr. The whole u32 number space is
/// cut into runs that end the same way (a RET value, or one syscall's argument checks), and a
/// balanced tree of "jge start" picks the run: about log2(runs) jumps for any syscall, and
/// one instruction per run boundary. runc's ENOSYS stub is just one more run: numbers above
/// the highest one the profile names get ENOSYS instead of the default action.
/// </summary>
internal static class SyscallDispatch
{
    /// <summary>A run's outcome: a RET value, or the index of a block of argument checks.</summary>
    private readonly record struct Leaf(bool IsBlock, uint Value);

    /// <summary>Emits the section and returns its entry, which expects nothing in A.</summary>
    public static Target Emit(BpfWriter w, ArchSection section, Verdicts verdicts)
    {
        var blocks = new List<(List<ConditionalRule> Rules, bool Args64)>();
        var runs = Runs(section, verdicts, blocks);

        // Argument checks go last in the section, so they are written first.
        var blockEntries = new Target[blocks.Count];
        for (var b = blocks.Count - 1; b >= 0; b--)
            blockEntries[b] = ArgumentCompiler.EmitRules(w, blocks[b].Rules, blocks[b].Args64, Target.Return(verdicts.Default));

        var root = EmitTree(w, runs, 0, runs.Count - 1, blockEntries);
        // A section that ends the same way for every number needs no syscall number.
        return runs.Count == 1 ? root : w.Load(Bpf.NumberOffset);
    }

    private static List<(uint Start, Leaf Leaf)> Runs(ArchSection section, Verdicts verdicts,
        List<(List<ConditionalRule> Rules, bool Args64)> blocks)
    {
        var runs = new List<(uint Start, Leaf Leaf)>();
        void Add(ulong start, Leaf leaf)
        {
            if (runs.Count == 0 || runs[^1].Leaf != leaf)
                runs.Add(((uint)start, leaf));
        }

        var defaultLeaf = new Leaf(false, verdicts.Default);
        foreach (var (table, rules) in section.Abis)
        {
            if (rules is null)
            {
                Add(table.FirstNumber, new Leaf(false, verdicts.BadArch));
                continue;
            }

            ulong next = table.FirstNumber;
            var numbers = rules.Syscalls.Keys.ToArray();
            Array.Sort(numbers);
            foreach (var number in numbers)
            {
                if (next < number)
                    Add(next, defaultLeaf);
                Add(number, LeafFor(rules.Syscalls[number], table.Args64, blocks));
                next = number + 1UL;
            }

            if (verdicts.Enosys && rules.HighestNamed is { } highest)
            {
                if (next <= highest)
                    Add(next, defaultLeaf);
                next = Math.Max(next, highest + 1UL);
                if (next <= table.LastNumber)
                    Add(next, new Leaf(false, SeccompActions.Errno | SeccompActions.ENOSYS));
            }
            else if (next <= table.LastNumber)
            {
                Add(next, defaultLeaf);
            }
        }
        return runs;
    }

    private static Leaf LeafFor(SyscallRules rules, bool args64, List<(List<ConditionalRule> Rules, bool Args64)> blocks)
    {
        if (rules.Unconditional is { } action)
            return new Leaf(false, action);
        // Syscalls with the same rules share one block, and so can share a run.
        var index = blocks.FindIndex(b => b.Args64 == args64 && rules.SameConditionalRules(b.Rules));
        if (index < 0)
        {
            index = blocks.Count;
            blocks.Add((rules.Conditional!, args64));
        }
        return new Leaf(true, (uint)index);
    }

    /// <summary>Emits the subtree choosing among runs[first..last]; the right half is written
    /// first so that the left half follows its jge directly in execution order.</summary>
    private static Target EmitTree(BpfWriter w, List<(uint Start, Leaf Leaf)> runs, int first, int last, Target[] blockEntries)
    {
        if (first == last)
        {
            var leaf = runs[first].Leaf;
            return leaf.IsBlock ? blockEntries[leaf.Value] : Target.Return(leaf.Value);
        }
        var middle = (first + last + 1) / 2;
        var right = EmitTree(w, runs, middle, last, blockEntries);
        var left = EmitTree(w, runs, first, middle - 1, blockEntries);
        return w.Branch(Bpf.JumpIfGreaterOrEqual, runs[middle].Start, right, left);
    }
}
