namespace Oci.Runtime.Seccomp;

/// <summary>Classic BPF as the seccomp verifier accepts it: the opcodes the compiler emits
/// (<c>linux/bpf_common.h</c>) and the layout of <c>struct seccomp_data</c> they read.</summary>
internal static class Bpf
{
    public const ushort LoadWordAbsolute = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    public const ushort AndConstant = 0x54;        // BPF_ALU | BPF_AND | BPF_K
    public const ushort Jump = 0x05;               // BPF_JMP | BPF_JA
    public const ushort JumpIfEqual = 0x15;        // BPF_JMP | BPF_JEQ | BPF_K
    public const ushort JumpIfGreater = 0x25;      // BPF_JMP | BPF_JGT | BPF_K
    public const ushort JumpIfGreaterOrEqual = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    public const ushort Return = 0x06;             // BPF_RET | BPF_K

    /// <summary>BPF_MAXINSNS: the kernel refuses longer filters.</summary>
    public const int MaxInstructions = 4096;

    /// <summary>jt and jf are u8 offsets; farther targets need a BPF_JA (u32 offset).</summary>
    public const int MaxConditionalOffset = byte.MaxValue;

    /// <summary>Size of one struct sock_filter: u16 code, u8 jt, u8 jf, u32 k.</summary>
    public const int InstructionSize = 8;

    // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }.
    // Every supported ABI is little-endian, so an argument's low word comes first.
    public const uint NumberOffset = 0;
    public const uint ArchOffset = 4;

    public static uint ArgumentLowOffset(int index) => (uint)(16 + 8 * index);

    public static uint ArgumentHighOffset(int index) => (uint)(20 + 8 * index);
}

internal readonly record struct SockFilter(ushort Code, byte Jt, byte Jf, uint K);
