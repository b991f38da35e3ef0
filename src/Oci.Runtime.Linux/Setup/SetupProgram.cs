using System.Text;

namespace Oci.Runtime.Linux.Setup;

/// <summary>
/// A setup program under construction: the operations the cloned child will run, and the
/// data block (strings, string arrays, structs) their pointer arguments refer to. Everything
/// the child needs is decided here; <see cref="LaidOutProgram"/> copies it into unmanaged
/// memory in ocirt_spawn.h's layout.
/// </summary>
public sealed class SetupProgram
{
    private const int RegisterCount = 32;
    private readonly List<SetupOp> _ops = [];
    private readonly List<byte> _data = [];
    private readonly List<int> _pointerFixups = [];
    private readonly Dictionary<string, Register> _registers = [];

    public IReadOnlyList<SetupOp> Ops => _ops;

    /// <summary>clone3 flags: the namespaces the child is born in.</summary>
    public ulong CloneFlags { get; set; }

    /// <summary>
    /// Why the child needs a memory of its own (a copy of the parent's) rather than sharing the
    /// parent's until its exec (CLONE_VM, which spares copying a .NET process's page tables);
    /// null when nothing does. The kernel refuses setns into, or unshare of, a user or time
    /// namespace to a process whose memory is shared, and makes an oom_score_adj written for
    /// one process of a memory that of every process sharing it (the parent's too).
    /// </summary>
    public string? OwnMemoryReason { get; private set; }

    /// <summary>The child shares the parent's memory until its exec (see <see cref="OwnMemoryReason"/>).</summary>
    public bool SharesMemory => OwnMemoryReason is null && (CloneFlags & LinuxConstants.CLONE_NEWTIME) == 0;

    public void RequireOwnMemory(string reason) => OwnMemoryReason ??= reason;

    internal IReadOnlyList<byte> Data => _data;

    /// <summary>Offsets in <see cref="Data"/> holding data offsets that must become addresses.</summary>
    internal IReadOnlyList<int> PointerFixups => _pointerFixups;

    /// <summary>The register called <paramref name="name"/>, allocated on first use.</summary>
    public Register Register(string name)
    {
        if (_registers.TryGetValue(name, out var register))
            return register;
        if (_registers.Count == RegisterCount)
            throw new InvalidOperationException($"setup program needs more than {RegisterCount} registers");
        return _registers[name] = new Register(_registers.Count, name);
    }

    public int Add(SetupOp op)
    {
        _ops.Add(op);
        return _ops.Count - 1;
    }

    public SetupOp Syscall(Sys call, string culprit, params Arg[] args) => Append(new SetupOp(OpCode.Syscall, call, args, culprit));

    public SetupOp Append(SetupOp op)
    {
        _ops.Add(op);
        return op;
    }

    /// <summary>Replaces the most recently added op (to attach a result register or branch).</summary>
    public void ReplaceLast(SetupOp op) => _ops[^1] = op;

    /// <summary>Changes an op emitted earlier: a branch whose length is known only once the ops it skips exist.</summary>
    public void Patch(int index, Func<SetupOp, SetupOp> change) => _ops[index] = change(_ops[index]);

    /// <summary>A NUL-terminated string in the data block.</summary>
    public Arg String(string value)
    {
        var offset = AppendBytes(Encoding.UTF8.GetBytes(value + "\0"), align: 1);
        return new Arg(ArgKind.Data, offset, Quote(value));
    }

    /// <summary>Raw bytes (a struct the kernel reads) in the data block.</summary>
    public Arg Bytes(byte[] value, string display) => new(ArgKind.Data, AppendBytes(value, align: 8), display);

    /// <summary>
    /// A NULL-terminated array of string pointers (argv, envp, candidate paths), listed as
    /// <paramref name="display"/> where quoting every value would say nothing (and cost a string per run).
    /// </summary>
    public Arg StringArray(IReadOnlyList<string> values, string? display = null)
    {
        var offsets = values.Select(v => AppendBytes(Encoding.UTF8.GetBytes(v + "\0"), align: 1)).ToList();
        var array = AppendBytes(new byte[8 * (values.Count + 1)], align: 8);
        for (var i = 0; i < offsets.Count; i++)
        {
            WriteInt64(array + 8 * i, offsets[i]);
            _pointerFixups.Add(array + 8 * i);
        }
        return new Arg(ArgKind.Data, array, display ?? "[" + string.Join(", ", values.Select(Quote)) + "]");
    }

    /// <summary>A struct sock_fprog {u16 len; u64 filter} pointing at a copy of the filter (for seccomp(2)).</summary>
    public Arg FilterProgram(ReadOnlyMemory<byte> filter, int instructions, string display)
    {
        var code = AppendBytes(filter.ToArray(), align: 8);
        var header = new byte[16];
        BitConverter.TryWriteBytes(header.AsSpan(0), (ushort)instructions);
        BitConverter.TryWriteBytes(header.AsSpan(8), (long)code);
        var offset = AppendBytes(header, align: 8);
        _pointerFixups.Add(offset + 8);
        return new Arg(ArgKind.Data, offset, display);
    }

    private int AppendBytes(byte[] bytes, int align)
    {
        while (_data.Count % align != 0)
            _data.Add(0);
        var offset = _data.Count;
        _data.AddRange(bytes);
        return offset;
    }

    private void WriteInt64(int at, long value)
    {
        for (var i = 0; i < 8; i++)
            _data[at + i] = (byte)(value >> (8 * i));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
