using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// A <see cref="SetupProgram"/> copied into one unmanaged block in the exact layout of
/// ocirt_spawn.h: struct ocirt_program, then the struct ocirt_op array, then the data block
/// with its pointers made absolute. A child with a copy of the parent's memory reads its copy,
/// so the block must stay allocated until the clone has happened; a child sharing the parent's
/// memory reads this very block, until its exec.
/// </summary>
public sealed unsafe class LaidOutProgram : IDisposable
{
    public const int HeaderSize = 32;
    public const int OpSize = 80;

    /// <summary>OCIRT_SPAWN_SHARE_MEMORY.</summary>
    private const uint ShareMemory = 1;

    private byte* _memory;

    public LaidOutProgram(SetupProgram program, int syncFd, int cgroupFd)
    {
        var opsOffset = HeaderSize;
        var dataOffset = opsOffset + OpSize * program.Ops.Count;
        var size = dataOffset + program.Data.Count;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)size);
        var block = new Span<byte>(_memory, size);
        var dataBase = (long)(_memory + dataOffset);

        BinaryPrimitives.WriteUInt32LittleEndian(block[0..], (uint)program.Ops.Count);
        BinaryPrimitives.WriteInt32LittleEndian(block[4..], syncFd);
        BinaryPrimitives.WriteInt32LittleEndian(block[8..], cgroupFd);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], program.SharesMemory ? ShareMemory : 0u);
        BinaryPrimitives.WriteUInt64LittleEndian(block[16..], program.CloneFlags);
        BinaryPrimitives.WriteInt64LittleEndian(block[24..], (long)(_memory + opsOffset));

        for (var i = 0; i < program.Ops.Count; i++)
            WriteOp(block.Slice(opsOffset + OpSize * i, OpSize), program.Ops[i], dataBase);

        var data = block[dataOffset..];
        for (var i = 0; i < program.Data.Count; i++)
            data[i] = program.Data[i];
        foreach (var fixup in program.PointerFixups)
            BinaryPrimitives.WriteInt64LittleEndian(data[fixup..], dataBase + BinaryPrimitives.ReadInt64LittleEndian(data[fixup..]));
    }

    public nint Pointer => (nint)_memory;

    private static void WriteOp(Span<byte> target, SetupOp op, long dataBase)
    {
        var registerArgs = 0u;
        BinaryPrimitives.WriteUInt32LittleEndian(target[0..], (uint)op.Code);
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], op.Result?.Index ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(target[12..], op.AlternateErrno);
        BinaryPrimitives.WriteUInt16LittleEndian(target[16..], checked((ushort)op.SkipOnSuccess));
        BinaryPrimitives.WriteUInt16LittleEndian(target[18..], checked((ushort)op.SkipOnAlternate));
        BinaryPrimitives.WriteInt32LittleEndian(target[20..], op.AlsoAlternateErrno);
        BinaryPrimitives.WriteInt64LittleEndian(target[24..], op.Call is { } call ? SyscallNumbers.Of(call) : 0);
        for (var k = 0; k < op.Args.Count; k++)
        {
            var arg = op.Args[k];
            var value = arg.Kind switch
            {
                ArgKind.Register => arg.Value,
                ArgKind.Data => dataBase + arg.Value,
                _ => arg.Value,
            };
            if (arg.Kind == ArgKind.Register)
                registerArgs |= 1u << k;
            BinaryPrimitives.WriteInt64LittleEndian(target[(32 + 8 * k)..], value);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(target[8..], registerArgs);
    }

    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.Free(_memory);
            _memory = null;
        }
    }
}
