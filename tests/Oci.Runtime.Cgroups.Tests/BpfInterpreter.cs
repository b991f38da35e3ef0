using System.Buffers.Binary;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>
/// Runs a BPF_PROG_TYPE_CGROUP_DEVICE program on one struct bpf_cgroup_dev_ctx, as the kernel
/// would, for the instructions the device filter emits: LDX W from the context, 32-bit
/// AND/RSH/MOV with an immediate or a register, JEQ/JNE with an immediate or a register,
/// EXIT. It also refuses what the verifier would: an unknown opcode, a load from anything
/// but the context or outside it, a backward jump or one off the end, reading an unset
/// register, falling off the end, a verdict other than 0 or 1.
/// </summary>
public static class BpfInterpreter
{
    public const int DevBlock = 1, DevChar = 2;
    public const int AccMknod = 1, AccRead = 2, AccWrite = 4;

    /// <summary>True when the program allows the access.</summary>
    public static bool Run(byte[] program, int type, uint major, uint minor, int access)
    {
        if (program.Length == 0 || program.Length % 8 != 0) throw new InvalidOperationException($"program of {program.Length} bytes");
        var ctx = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(ctx, (uint)(type | (access << 16)));
        BinaryPrimitives.WriteUInt32LittleEndian(ctx.AsSpan(4), major);
        BinaryPrimitives.WriteUInt32LittleEndian(ctx.AsSpan(8), minor);

        var reg = new ulong[11];
        var set = new bool[11];
        var isCtx = new bool[11];
        set[1] = isCtx[1] = true;
        int count = program.Length / 8;
        for (int pc = 0; pc < count; pc++)
        {
            var insn = program.AsSpan(pc * 8, 8);
            byte code = insn[0];
            int dst = insn[1] & 0xf, src = insn[1] >> 4;
            short off = BinaryPrimitives.ReadInt16LittleEndian(insn[2..]);
            int imm = BinaryPrimitives.ReadInt32LittleEndian(insn[4..]);
            ulong Src(int r)
            {
                if (!set[r] || isCtx[r]) throw new InvalidOperationException($"insn {pc}: R{r} read before it holds a scalar");
                return reg[r];
            }
            void Jump(bool taken)
            {
                if (off < 0 || pc + 1 + off > count - 1) throw new InvalidOperationException($"insn {pc}: jump {off} out of range");
                if (taken) pc += off;
            }
            switch (code)
            {
                case 0x61: // LDX | MEM | W
                    if (!isCtx[src] || off is < 0 or > 8 || off % 4 != 0) throw new InvalidOperationException($"insn {pc}: bad context load R{src}+{off}");
                    reg[dst] = BinaryPrimitives.ReadUInt32LittleEndian(ctx.AsSpan(off));
                    set[dst] = true; isCtx[dst] = false;
                    break;
                case 0x54: reg[dst] = (uint)(Src(dst) & (uint)imm); break; // ALU | AND | K
                case 0x74: reg[dst] = (uint)Src(dst) >> (imm & 31); break; // ALU | RSH | K
                case 0xb4: reg[dst] = (uint)imm; set[dst] = true; isCtx[dst] = false; break; // ALU | MOV | K
                case 0xbc: reg[dst] = (uint)Src(src); set[dst] = true; isCtx[dst] = false; break; // ALU | MOV | X
                case 0x15: Jump(Src(dst) == (ulong)(long)imm); break; // JMP | JEQ | K
                case 0x55: Jump(Src(dst) != (ulong)(long)imm); break; // JMP | JNE | K
                case 0x5d: Jump(Src(dst) != Src(src)); break; // JMP | JNE | X
                case 0x95: // JMP | EXIT
                    ulong verdict = Src(0);
                    if (verdict > 1) throw new InvalidOperationException($"insn {pc}: verdict {verdict}");
                    return verdict == 1;
                default:
                    throw new InvalidOperationException($"insn {pc}: opcode 0x{code:x2} is not one the device filter uses");
            }
        }
        throw new InvalidOperationException("fell off the end of the program");
    }

    public static int Access(string rwm) =>
        (rwm.Contains('r') ? AccRead : 0) | (rwm.Contains('w') ? AccWrite : 0) | (rwm.Contains('m') ? AccMknod : 0);
}
