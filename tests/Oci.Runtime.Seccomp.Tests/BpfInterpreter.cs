using System.Buffers.Binary;

namespace Oci.Runtime.Seccomp.Tests;

/// <summary>What the kernel hands a seccomp filter: struct seccomp_data.</summary>
public sealed record SeccompData(uint Arch, uint Nr, params ulong[] Args)
{
    public ulong InstructionPointer { get; init; } = 0x7fff_1234_5678;
}

/// <summary>
/// A classic BPF interpreter for seccomp filters: checks a program the way the kernel's
/// bpf_check_classic and seccomp_check_filter do (known opcodes, aligned in-bounds loads of
/// seccomp_data, jumps inside the program, a RET at the end), then runs it.
/// </summary>
public static class BpfInterpreter
{
    private const ushort LdWAbs = 0x20, AluAndK = 0x54, Ja = 0x05, JeqK = 0x15, JgtK = 0x25,
        JgeK = 0x35, JsetK = 0x45, RetK = 0x06;

    private const int SeccompDataSize = 64;

    public readonly record struct Insn(ushort Code, byte Jt, byte Jf, uint K);

    public static Insn[] Decode(ReadOnlySpan<byte> filter)
    {
        filter.Length.Should().BeGreaterThan(0).And.Match(n => n % 8 == 0, "sock_filter entries are 8 bytes");
        var program = new Insn[filter.Length / 8];
        for (var i = 0; i < program.Length; i++)
        {
            var slot = filter.Slice(i * 8, 8);
            program[i] = new Insn(BinaryPrimitives.ReadUInt16LittleEndian(slot), slot[2], slot[3],
                BinaryPrimitives.ReadUInt32LittleEndian(slot[4..]));
        }
        Verify(program);
        return program;
    }

    public static uint Run(ReadOnlyMemory<byte> filter, SeccompData data) => Run(Decode(filter.Span), data);

    public static uint Run(Insn[] program, SeccompData data)
    {
        Span<byte> input = stackalloc byte[SeccompDataSize];
        BinaryPrimitives.WriteUInt32LittleEndian(input, data.Nr);
        BinaryPrimitives.WriteUInt32LittleEndian(input[4..], data.Arch);
        BinaryPrimitives.WriteUInt64LittleEndian(input[8..], data.InstructionPointer);
        for (var i = 0; i < data.Args.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(input[(16 + 8 * i)..], data.Args[i]);

        uint a = 0;
        var pc = 0;
        while (true)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case LdWAbs: a = BinaryPrimitives.ReadUInt32LittleEndian(input[(int)insn.K..]); pc++; break;
                case AluAndK: a &= insn.K; pc++; break;
                case Ja: pc += 1 + (int)insn.K; break;
                case JeqK: pc += 1 + (a == insn.K ? insn.Jt : insn.Jf); break;
                case JgtK: pc += 1 + (a > insn.K ? insn.Jt : insn.Jf); break;
                case JgeK: pc += 1 + (a >= insn.K ? insn.Jt : insn.Jf); break;
                case JsetK: pc += 1 + ((a & insn.K) != 0 ? insn.Jt : insn.Jf); break;
                case RetK: return insn.K;
                default: throw new InvalidOperationException($"opcode 0x{insn.Code:x} at {pc}");
            }
        }
    }

    private static void Verify(Insn[] program)
    {
        program.Length.Should().BeLessThanOrEqualTo(4096, "BPF_MAXINSNS");
        for (var pc = 0; pc < program.Length; pc++)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case LdWAbs:
                    (insn.K % 4).Should().Be(0u, $"load at {pc} must be aligned");
                    insn.K.Should().BeLessThan(SeccompDataSize, $"load at {pc} must stay in seccomp_data");
                    break;
                case AluAndK or RetK:
                    break;
                case Ja:
                    ((long)pc + 1 + insn.K).Should().BeLessThan(program.Length, $"ja at {pc} must land in the program");
                    break;
                case JeqK or JgtK or JgeK or JsetK:
                    (pc + 1 + Math.Max((int)insn.Jt, insn.Jf)).Should().BeLessThan(program.Length, $"jump at {pc} must land in the program");
                    break;
                default:
                    throw new InvalidOperationException($"opcode 0x{insn.Code:x} at {pc} is not allowed in a seccomp filter");
            }
        }
        program[^1].Code.Should().Be(RetK, "a filter must end in RET");
    }
}
