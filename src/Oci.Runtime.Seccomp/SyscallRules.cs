namespace Oci.Runtime.Seccomp;

internal enum ArgOp
{
    NotEqual,
    Less,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    Greater,
    MaskedEqual,
}

/// <summary>One linux.seccomp.syscalls[].args[] entry. For MaskedEqual, Value is the mask and
/// ValueTwo the datum, the order of libseccomp's SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, datum).</summary>
internal readonly record struct ArgCondition(int Index, ArgOp Op, ulong Value, ulong ValueTwo);

/// <summary>A rule with argument conditions, all of which must hold.</summary>
internal sealed class ConditionalRule(ArgCondition[] conditions, uint action)
{
    public ArgCondition[] Conditions { get; } = conditions;

    public uint Action { get; } = action;

    public bool SameAs(ConditionalRule other) =>
        Action == other.Action && Conditions.AsSpan().SequenceEqual(other.Conditions);
}

/// <summary>What the profile says about one syscall number of one ABI. A struct kept in
/// place in <see cref="AbiRules.Syscalls"/>: a profile names hundreds of syscalls per ABI and
/// most have a single unconditional rule, which then costs no allocation.</summary>
internal struct SyscallRules
{
    /// <summary>The action of the first rule without conditions. Like libseccomp, such a rule
    /// decides the syscall alone: conditional rules before it are dropped, later ones ignored.</summary>
    public uint? Unconditional { get; private set; }

    /// <summary>Rules with conditions in profile order; the first that matches decides.</summary>
    public List<ConditionalRule>? Conditional { get; private set; }

    public void Add(ArgCondition[] conditions, uint action)
    {
        if (Unconditional is not null)
            return;
        if (conditions.Length == 0)
        {
            Unconditional = action;
            Conditional = null;
            return;
        }
        (Conditional ??= []).Add(new ConditionalRule(conditions, action));
    }

    public readonly bool SameConditionalRules(List<ConditionalRule> other)
    {
        if (Conditional is null || Conditional.Count != other.Count)
            return false;
        for (var i = 0; i < other.Count; i++)
            if (!Conditional[i].SameAs(other[i]))
                return false;
        return true;
    }
}

/// <summary>The profile resolved for one ABI: its syscalls by number, and the highest number
/// any rule names (whatever its action), which is where runc's ENOSYS range starts.</summary>
internal sealed class AbiRules(ArchTable table, int capacity)
{
    public ArchTable Table { get; } = table;

    public Dictionary<uint, SyscallRules> Syscalls { get; } = new(capacity);

    public uint? HighestNamed { get; set; }
}
