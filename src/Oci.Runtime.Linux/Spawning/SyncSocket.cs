using System.Buffers.Binary;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>The kinds of message the child sends (ocirt_spawn.h's enum ocirt_message).</summary>
public enum ChildMessageKind
{
    Error = 1,
    Forked = 2,
    Sync = 3,
    /// <summary>An fd the child sent (SCM_RIGHTS): <see cref="ChildMessage.Fd"/>, for the purpose in A.</summary>
    Fd = 4,
}

/// <param name="Fd">The fd that came with an <see cref="ChildMessageKind.Fd"/> message, now the parent's to close; else -1.</param>
public readonly record struct ChildMessage(ChildMessageKind Kind, int A, int B, int Fd = -1);

/// <summary>
/// The parent's end of the SOCK_SEQPACKET pair shared with the child: each message is one
/// datagram of three int32s, and EOF means every copy of the child's end is closed (the
/// child exec'd or died).
/// </summary>
public sealed class SyncSocket(int fd) : IDisposable
{
    private int _fd = fd;

    /// <summary>The next message, or null at EOF.</summary>
    public ChildMessage? Receive()
    {
        Span<byte> buffer = stackalloc byte[12];
        var n = UnixRights.Receive(_fd, buffer, out var fd);
        if (n < 0)
            throw new OcirtException($"read from the container's init: {Errno.Describe((int)-n)}");
        if (n == 0)
            return null;
        if (n != 12)
            throw new OcirtException($"read from the container's init: a {n}-byte message");
        return new ChildMessage((ChildMessageKind)BinaryPrimitives.ReadInt32LittleEndian(buffer),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[4..]), BinaryPrimitives.ReadInt32LittleEndian(buffer[8..]), fd);
    }

    /// <summary>Lets the child go on past a sync point (status 0), or fail there with an errno.</summary>
    public void Reply(int code, int status = 0)
    {
        Span<byte> buffer = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)ChildMessageKind.Sync);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[4..], code);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], status);
        Syscalls.Write(_fd, buffer);
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Syscalls.Close(_fd);
            _fd = -1;
        }
    }
}
