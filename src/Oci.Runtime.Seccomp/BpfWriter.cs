using System.Buffers.Binary;

namespace Oci.Runtime.Seccomp;

/// <summary>Where a jump goes: an instruction already written, or "return this value",
/// which the writer turns into the nearest reachable RET.</summary>
internal readonly record struct Target(int Position, uint ReturnValue)
{
    public bool IsReturn => Position < 0;

    public static Target At(int position) => new(position, 0);

    public static Target Return(uint value) => new(-1, value);
}

/// <summary>
/// Writes a classic BPF program back to front. BPF only jumps forward, so writing the end
/// first means every jump target already has its final place when the jump is written and
/// its offsets are exact at once; positions count from the program's end.
/// Conditional offsets are u8: a target farther than 255 instructions is reached through
/// a BPF_JA placed right after the jump (shared by later jumps while in reach), and a far
/// RET is simply repeated there, as libseccomp does, since a RET costs no more than a JA.
/// </summary>
internal sealed class BpfWriter
{
    private readonly List<SockFilter> _reversed = new(512);
    private readonly Dictionary<uint, int> _nearestReturn = [];
    private readonly Dictionary<int, int> _nearestTrampoline = [];

    public int Count => _reversed.Count;

    /// <summary>The instruction written last, i.e. the first of the program so far.</summary>
    public Target Head => Target.At(_reversed.Count - 1);

    public Target Load(uint offset) => Statement(Bpf.LoadWordAbsolute, offset);

    public Target And(uint mask) => Statement(Bpf.AndConstant, mask);

    /// <summary>Writes <c>code k, whenTrue, whenFalse</c> in front of the program.</summary>
    public Target Branch(ushort code, uint k, Target whenTrue, Target whenFalse)
    {
        // Each Reach may add one instruction (a RET copy or a JA), moving the other target
        // one further away: asking for two spare offsets keeps both within a u8.
        var jt = Reach(whenTrue, spare: 2);
        var jf = Reach(whenFalse, spare: 2);
        return Write(new SockFilter(code, OffsetTo(jt), OffsetTo(jf), k));
    }

    /// <summary>The program in execution order as struct sock_filter bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_reversed.Count * Bpf.InstructionSize];
        for (var i = 0; i < _reversed.Count; i++)
        {
            var insn = _reversed[_reversed.Count - 1 - i];
            var slot = bytes.AsSpan(i * Bpf.InstructionSize, Bpf.InstructionSize);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, insn.Code);
            slot[2] = insn.Jt;
            slot[3] = insn.Jf;
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], insn.K);
        }
        return bytes;
    }

    private Target Statement(ushort code, uint k) => Write(new SockFilter(code, 0, 0, k));

    private Target Write(SockFilter insn)
    {
        _reversed.Add(insn);
        return Head;
    }

    /// <summary>Offset from the instruction about to be written to <paramref name="position"/>.</summary>
    private byte OffsetTo(int position) => checked((byte)(_reversed.Count - position - 1));

    private int Reach(Target target, int spare)
    {
        if (target.IsReturn)
        {
            if (_nearestReturn.TryGetValue(target.ReturnValue, out var ret) && InReach(ret, spare))
                return ret;
            Write(new SockFilter(Bpf.Return, 0, 0, target.ReturnValue));
            return _nearestReturn[target.ReturnValue] = _reversed.Count - 1;
        }

        if (InReach(target.Position, spare))
            return target.Position;
        if (_nearestTrampoline.TryGetValue(target.Position, out var trampoline) && InReach(trampoline, spare))
            return trampoline;
        Write(new SockFilter(Bpf.Jump, 0, 0, (uint)(_reversed.Count - target.Position - 1)));
        return _nearestTrampoline[target.Position] = _reversed.Count - 1;
    }

    private bool InReach(int position, int spare) =>
        _reversed.Count + spare - position - 1 <= Bpf.MaxConditionalOffset;
}
