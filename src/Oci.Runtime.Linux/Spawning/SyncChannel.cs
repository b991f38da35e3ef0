using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// The SOCK_SEQPACKET pair a setup program reports through. It exists before the program is
/// compiled, because the program must know which fd to keep when it closes everything else.
/// </summary>
public sealed class SyncChannel : IDisposable
{
    private SyncChannel(int parentEnd, int childEnd)
    {
        ParentEnd = parentEnd;
        ChildEnd = childEnd;
    }

    public int ParentEnd { get; private set; }

    public int ChildEnd { get; private set; }

    public static SyncChannel Create()
    {
        var created = Syscalls.SocketPair(Syscalls.SOCK_SEQPACKET, out var parentEnd, out var childEnd);
        if (created < 0)
            throw new OcirtException($"socketpair: {Errno.Describe((int)-created)}");
        return new SyncChannel(parentEnd, childEnd);
    }

    /// <summary>Once the child has its copy, the parent drops its own: EOF then means the child exec'd or died.</summary>
    public void CloseChildEnd()
    {
        if (ChildEnd >= 0)
            Syscalls.Close(ChildEnd);
        ChildEnd = -1;
    }

    /// <summary>Hands the parent's end to a <see cref="SyncSocket"/>, which closes it.</summary>
    public SyncSocket TakeParentEnd()
    {
        var socket = new SyncSocket(ParentEnd);
        ParentEnd = -1;
        return socket;
    }

    public void Dispose()
    {
        CloseChildEnd();
        if (ParentEnd >= 0)
            Syscalls.Close(ParentEnd);
        ParentEnd = -1;
    }
}
