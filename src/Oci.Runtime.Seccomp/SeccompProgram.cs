namespace Oci.Runtime.Seccomp;

/// <summary>A compiled filter, ready for seccomp(SECCOMP_SET_MODE_FILTER, Flags, &amp;prog)
/// in the container's process.</summary>
public sealed class SeccompProgram
{
    internal SeccompProgram(byte[] filter, uint flags, bool usesNotify)
    {
        Filter = filter;
        Flags = flags;
        UsesNotify = usesNotify;
    }

    /// <summary>The struct sock_filter array: per instruction u16 code, u8 jt, u8 jf, u32 k,
    /// little-endian like every ABI the compiler supports.</summary>
    public ReadOnlyMemory<byte> Filter { get; }

    /// <summary>The sock_fprog.len value.</summary>
    public int InstructionCount => Filter.Length / Bpf.InstructionSize;

    /// <summary>SECCOMP_FILTER_FLAG_* bits (<see cref="SeccompFilterFlags"/>).</summary>
    public uint Flags { get; }

    /// <summary>A rule returns SCMP_ACT_NOTIFY: <see cref="Flags"/> holds NEW_LISTENER and
    /// seccomp(2) returns the listener fd, which goes to linux.seccomp.listenerPath.</summary>
    public bool UsesNotify { get; }
}
