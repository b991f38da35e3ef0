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
public sealed unsafe class SyncSocket(int fd) : IDisposable
{
    private int _fd = fd;

    /// <summary>The next message, or null at EOF.</summary>
    public unsafe ChildMessage? Receive()
    {
        var buffer = stackalloc byte[12];
        var control = stackalloc byte[32];
        var iov = stackalloc nint[2];
        var message = stackalloc nint[7];
        while (true)
        {
            new Span<byte>(control, 32).Clear();
            new Span<nint>(message, 7).Clear();
            iov[0] = (nint)buffer;
            iov[1] = 12;
            message[2] = (nint)iov;     // msg_iov
            message[3] = 1;             // msg_iovlen
            message[4] = (nint)control; // msg_control
            message[5] = 32;            // msg_controllen
            var n = Syscalls.RecvMsg(_fd, message);
            if (n == -Errno.EINTR)
                continue;
            if (n < 0)
                throw new OcirtException($"read from the container's init: {Errno.Describe((int)-n)}");
            if (n == 0)
                return null;
            if (n != 12)
                throw new OcirtException($"read from the container's init: a {n}-byte message");
            var span = new ReadOnlySpan<byte>(buffer, 12);
            // cmsghdr: u64 len, i32 level (SOL_SOCKET = 1), i32 type (SCM_RIGHTS = 1), then the fd.
            var fd = message[5] >= 20 && *(int*)(control + 8) == 1 && *(int*)(control + 12) == 1 ? *(int*)(control + 16) : -1;
            return new ChildMessage((ChildMessageKind)BinaryPrimitives.ReadInt32LittleEndian(span),
                BinaryPrimitives.ReadInt32LittleEndian(span[4..]), BinaryPrimitives.ReadInt32LittleEndian(span[8..]), fd);
        }
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
