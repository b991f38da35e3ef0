namespace Oci.Runtime.Seccomp;

/// <summary>
/// Emits the argument checks of one syscall's conditional rules. BPF words are 32 bits, so a
/// 64-bit comparison looks at the high halves first and at the low halves only when the high
/// ones are equal (libseccomp's _db_rule_gen_64 chains). ABIs with 32-bit arguments compare
/// the low half alone, with the upper 32 bits of the profile's values stripped as libseccomp's
/// _db_rule_gen_32 does.
/// </summary>
internal static class ArgumentCompiler
{
    /// <summary>Emits the rules in order, each falling to the next when a condition fails,
    /// the last to <paramref name="noMatch"/>. Returns the entry of the first rule.</summary>
    public static Target EmitRules(BpfWriter w, List<ConditionalRule> rules, bool args64, Target noMatch)
    {
        var next = noMatch;
        for (var r = rules.Count - 1; r >= 0; r--)
        {
            var pass = Target.Return(rules[r].Action);
            var conditions = rules[r].Conditions;
            for (var c = conditions.Length - 1; c >= 0; c--)
                pass = EmitCondition(w, conditions[c], args64, pass, fail: next);
            next = pass;
        }
        return next;
    }

    private static Target EmitCondition(BpfWriter w, ArgCondition c, bool args64, Target pass, Target fail)
    {
        var low = Bpf.ArgumentLowOffset(c.Index);
        var high = Bpf.ArgumentHighOffset(c.Index);
        switch (c.Op)
        {
            case ArgOp.Equal or ArgOp.NotEqual:
            {
                var (equal, different) = c.Op == ArgOp.Equal ? (pass, fail) : (fail, pass);
                w.Branch(Bpf.JumpIfEqual, Low(c.Value), equal, different);
                var lowCheck = w.Load(low);
                if (!args64)
                    return lowCheck;
                w.Branch(Bpf.JumpIfEqual, High(c.Value), lowCheck, different);
                return w.Load(high);
            }
            case ArgOp.MaskedEqual:
            {
                // libseccomp masks the datum too, and skips a half whose mask is 0: it
                // always matches.
                var datum = c.ValueTwo & c.Value;
                var entry = pass;
                if (Low(c.Value) != 0)
                    entry = EmitMasked(w, low, Low(c.Value), Low(datum), entry, fail);
                if (args64 && High(c.Value) != 0)
                    entry = EmitMasked(w, high, High(c.Value), High(datum), entry, fail);
                return entry;
            }
            default:
            {
                var (above, below) = c.Op is ArgOp.Greater or ArgOp.GreaterOrEqual ? (pass, fail) : (fail, pass);
                // With equal high halves the low halves decide: GT and LE split at "low > v",
                // GE and LT at "low >= v".
                var lowCode = c.Op is ArgOp.Greater or ArgOp.LessOrEqual ? Bpf.JumpIfGreater : Bpf.JumpIfGreaterOrEqual;
                w.Branch(lowCode, Low(c.Value), above, below);
                var lowCheck = w.Load(low);
                if (!args64)
                    return lowCheck;
                var equalHigh = w.Branch(Bpf.JumpIfEqual, High(c.Value), lowCheck, below);
                w.Branch(Bpf.JumpIfGreater, High(c.Value), above, equalHigh);
                return w.Load(high);
            }
        }
    }

    private static Target EmitMasked(BpfWriter w, uint offset, uint mask, uint datum, Target pass, Target fail)
    {
        w.Branch(Bpf.JumpIfEqual, datum, pass, fail);
        if (mask != uint.MaxValue)
            w.And(mask);
        return w.Load(offset);
    }

    private static uint Low(ulong value) => (uint)value;

    private static uint High(ulong value) => (uint)(value >> 32);
}
