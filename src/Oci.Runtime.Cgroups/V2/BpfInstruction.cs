using System.Buffers.Binary;

namespace Oci.Runtime.Cgroups.V2;

/// <summary>
/// One eBPF instruction, struct bpf_insn of the kernel's uapi linux/bpf.h: an 8-bit opcode,
/// destination and source registers in one byte (dst in the low nibble on little-endian
/// hosts, the only ones ocirt runs on), a 16-bit jump offset counted from the next
/// instruction, and a 32-bit immediate. Only the opcodes the device filter needs are named.
/// </summary>
internal readonly record struct BpfInstruction(byte Code, byte Dst, byte Src, short Offset, int Imm)
{
    public const int Size = 8;

    // Instruction classes, sizes, modes and operations (linux/bpf_common.h, linux/bpf.h).
    private const byte BPF_LDX = 0x01, BPF_ALU = 0x04, BPF_JMP = 0x05;
    private const byte BPF_W = 0x00, BPF_MEM = 0x60;
    private const byte BPF_K = 0x00, BPF_X = 0x08;
    private const byte BPF_AND = 0x50, BPF_RSH = 0x70, BPF_MOV = 0xb0;
    private const byte BPF_JEQ = 0x10, BPF_JNE = 0x50, BPF_EXIT = 0x90;

    public const byte LoadWord = BPF_LDX | BPF_MEM | BPF_W;
    public const byte And32Imm = BPF_ALU | BPF_AND | BPF_K;
    public const byte Rsh32Imm = BPF_ALU | BPF_RSH | BPF_K;
    public const byte Mov32Imm = BPF_ALU | BPF_MOV | BPF_K;
    public const byte Mov32Reg = BPF_ALU | BPF_MOV | BPF_X;
    public const byte JeqImm = BPF_JMP | BPF_JEQ | BPF_K;
    public const byte JneImm = BPF_JMP | BPF_JNE | BPF_K;
    public const byte JneReg = BPF_JMP | BPF_JNE | BPF_X;
    public const byte Exit = BPF_JMP | BPF_EXIT;

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Code;
        destination[1] = (byte)((Src << 4) | (Dst & 0xf));
        BinaryPrimitives.WriteInt16LittleEndian(destination[2..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Imm);
    }
}
