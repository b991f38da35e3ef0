using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

public class ArgumentTests
{
    // Values that differ in the high half only, the low half only, or in both in opposite
    // directions (0x1_0000_0002 vs 0x2_0000_0001 is greater in the high half, smaller in the
    // low), plus the edges of both halves.
    private static readonly ulong[] Values =
    [
        0, 1, 2, 0x7fff_ffff, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_0001, 0x1_0000_0002,
        0x2_0000_0000, 0x2_0000_0001, 0xffff_ffff_0000_0000, 0xffff_ffff_ffff_fffe, ulong.MaxValue,
    ];

    public static TheoryData<string> Operators =>
        ["SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT"];

    private static bool Holds(string op, ulong arg, ulong value) => op switch
    {
        "SCMP_CMP_NE" => arg != value,
        "SCMP_CMP_LT" => arg < value,
        "SCMP_CMP_LE" => arg <= value,
        "SCMP_CMP_EQ" => arg == value,
        "SCMP_CMP_GE" => arg >= value,
        "SCMP_CMP_GT" => arg > value,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Operators_compare_all_64_bits_on_a_64_bit_abi(string op)
    {
        foreach (var value in Values)
        {
            var program = Compile(Profile("SCMP_ACT_ERRNO",
                Rule("SCMP_ACT_ALLOW", "personality").With(Arg(3, op, value)), Rule("SCMP_ACT_ALLOW", "read")));
            foreach (var arg in Values)
            {
                var args = new ulong[] { 0, 0, 0, arg, 0, 0 };
                var expected = Holds(op, arg, value) ? Ret.Allow : Ret.Errno(Ret.EPERM);
                program.Run(Audit.X86_64, Nr.X86_64Personality, args)
                    .Should().Be(expected, $"arg 0x{arg:x} {op} 0x{value:x}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Operators_compare_the_low_half_on_a_32_bit_abi(string op)
    {
        foreach (var value in Values)
        {
            var program = Compile(Profile("SCMP_ACT_ERRNO",
                Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, op, value)), Rule("SCMP_ACT_ALLOW", "read")), SeccompArch.X86);
            foreach (var arg in Values)
            {
                var expected = Holds(op, (uint)arg, (uint)value) ? Ret.Allow : Ret.Errno(Ret.EPERM);
                program.Run(Audit.I386, Nr.I386Personality, arg)
                    .Should().Be(expected, $"arg 0x{arg:x} {op} 0x{value:x}, low halves only");
            }
        }
    }

    [Fact]
    public void Masked_eq_masks_both_halves_and_the_datum()
    {
        var masks = new ulong[] { 0, 0xff, 0xffff_ffff, 0xff_0000_0000, 0xf0f0_0000_0000_00ff, ulong.MaxValue };
        foreach (var mask in masks)
        {
            foreach (var datum in Values)
            {
                var program = Compile(Profile("SCMP_ACT_ERRNO",
                    Rule("SCMP_ACT_ALLOW", "personality").With(Arg(5, "SCMP_CMP_MASKED_EQ", mask, datum)),
                    Rule("SCMP_ACT_ALLOW", "read")));
                foreach (var arg in Values)
                {
                    var expected = (arg & mask) == (datum & mask) ? Ret.Allow : Ret.Errno(Ret.EPERM);
                    program.Run(Audit.X86_64, Nr.X86_64Personality, 0, 0, 0, 0, 0, arg)
                        .Should().Be(expected, $"arg 0x{arg:x} & 0x{mask:x} == 0x{datum:x}");
                }
            }
        }
    }

    [Fact]
    public void Conditions_of_one_rule_must_all_hold()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 16), Arg(2, "SCMP_CMP_GT", 0x1_0000_0000))));

        program.Run(Audit.X86_64, Nr.X86_64Personality, 16, 0, 0x1_0000_0001).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 16, 0, 0x1_0000_0000).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.X86_64, Nr.X86_64Personality, 17, 0, 0x1_0000_0001).Should().Be(Ret.Errno(Ret.EPERM));
    }

    [Fact]
    public void Rules_are_tried_in_order_and_the_first_that_matches_decides()
    {
        var program = Compile(Profile("SCMP_ACT_ALLOW",
            Rule("SCMP_ACT_ERRNO", "personality").Errno(Ret.EINVAL).With(Arg(0, "SCMP_CMP_EQ", 16), Arg(2, "SCMP_CMP_EQ", 9)),
            Rule("SCMP_ACT_LOG", "personality").With(Arg(2, "SCMP_CMP_EQ", 9)),
            Rule("SCMP_ACT_TRAP", "personality").With(Arg(0, "SCMP_CMP_EQ", 16))));

        program.Run(Audit.X86_64, Nr.X86_64Personality, 16, 0, 9).Should().Be(Ret.Errno(Ret.EINVAL));
        program.Run(Audit.X86_64, Nr.X86_64Personality, 2, 0, 9).Should().Be(Ret.Log);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 16, 0, 1).Should().Be(Ret.Trap);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 2, 0, 1).Should().Be(Ret.Allow);
    }

    [Fact]
    public void Rules_with_the_same_action_are_alternatives()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 0)),
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 8)),
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 0xffff_ffff))));

        foreach (var allowed in new ulong[] { 0, 8, 0xffff_ffff })
            program.Run(Audit.X86_64, Nr.X86_64Personality, allowed).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 0x1_0000_0000).Should().Be(Ret.Errno(Ret.EPERM));
    }

    [Fact]
    public void Conditions_on_the_same_argument_are_alternatives_like_in_runc()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 1), Arg(0, "SCMP_CMP_EQ", 2))));

        program.Run(Audit.X86_64, Nr.X86_64Personality, 1).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 2).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 3).Should().Be(Ret.Errno(Ret.EPERM));
    }

    [Fact]
    public void A_rule_without_conditions_decides_alone_like_in_libseccomp()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_TRAP", "personality").With(Arg(0, "SCMP_CMP_EQ", 1)),
            Rule("SCMP_ACT_ALLOW", "personality"),
            Rule("SCMP_ACT_LOG", "personality").With(Arg(0, "SCMP_CMP_EQ", 2)),
            Rule("SCMP_ACT_KILL", "personality")));

        foreach (var arg in new ulong[] { 1, 2, 3 })
            program.Run(Audit.X86_64, Nr.X86_64Personality, arg).Should().Be(Ret.Allow);
    }

    [Fact]
    public void Far_targets_are_reached_through_long_jumps()
    {
        // 300 syscalls with argument checks of their own push most targets of the syscall
        // tree more than 255 instructions away from it.
        var names = new[] { "read", "write", "close", "fstat", "lseek", "mmap", "mprotect", "munmap", "brk", "ioctl" };
        var rules = new List<Spec.LinuxSyscall>();
        static ulong Value(int rule, int syscall) => ((ulong)rule << 33) | (uint)syscall;
        for (var i = 0; i < 30; i++)
            for (var n = 0; n < names.Length; n++)
                rules.Add(Rule("SCMP_ACT_ERRNO", names[n]).Errno((ulong)(100 + i)).With(Arg(1, "SCMP_CMP_EQ", Value(i, n))));
        var program = Compile(Profile("SCMP_ACT_ALLOW", [.. rules]));

        program.InstructionCount.Should().BeGreaterThan(1000);
        BpfInterpreter.Decode(program.Filter.Span).Should().Contain(i => i.Code == 0x05, "some targets need a BPF_JA");
        uint[] numbers = [0, 1, 3, 5, 8, 9, 10, 11, 12, 16];
        for (var i = 0; i < 30; i++)
        {
            for (var n = 0; n < numbers.Length; n++)
            {
                program.Run(Audit.X86_64, numbers[n], 0, Value(i, n)).Should().Be(Ret.Errno((uint)(100 + i)));
                program.Run(Audit.X86_64, numbers[n], 0, Value(i, n) | 0x100).Should().Be(Ret.Allow);
            }
        }
    }

    [Fact]
    public void Filters_over_the_kernel_limit_are_refused()
    {
        // Each 64-bit equality takes four instructions: ld high, jeq, ld low, jeq.
        var rules = Enumerable.Range(0, 1100)
            .Select(i => Rule("SCMP_ACT_ERRNO", "ioctl").With(Arg(1, "SCMP_CMP_EQ", (ulong)i << 32 | (uint)i)))
            .ToArray();

        var act = () => Compile(Profile("SCMP_ACT_ALLOW", rules));

        act.Should().Throw<Spec.OcirtException>()
            .WithMessage("linux.seccomp: the filter compiles to * BPF instructions, the kernel accepts at most 4096");
    }

    [Fact]
    public void Argument_index_must_be_0_to_5()
    {
        var act = () => Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "read").With(Arg(1, "SCMP_CMP_EQ", 0), Arg(6, "SCMP_CMP_EQ", 0))));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.syscalls[0].args[1].index: must be between 0 and 5, got 6");
    }

    [Fact]
    public void Unknown_operators_are_named_with_their_path()
    {
        var act = () => Compile(Profile("SCMP_ACT_ALLOW",
            Rule("SCMP_ACT_ERRNO", "read"), Rule("SCMP_ACT_ERRNO", "write"), Rule("SCMP_ACT_ERRNO", "close"),
            Rule("SCMP_ACT_ERRNO", "open").With(Arg(0, "X", 0))));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.syscalls[3].args[0].op: unknown operator \"X\"");
    }
}
