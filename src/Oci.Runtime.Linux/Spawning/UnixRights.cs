using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// One message with at most one fd attached (SCM_RIGHTS) over a unix socket: how the init hands
/// ocirt a pty master or a seccomp listener, and how ocirt hands a listener its fd.
/// </summary>
internal static unsafe class UnixRights
{
    private const int SolSocket = 1, ScmRights = 1;
    private const int ControlSize = 24; // CMSG_SPACE(sizeof(int)): u64 len, i32 level, i32 type, the fd, padding

    /// <summary>Receives into <paramref name="data"/>; returns the byte count (0 at EOF, or -errno) and the attached fd or -1.</summary>
    public static long Receive(int socket, Span<byte> data, out int fd)
    {
        fd = -1;
        var control = stackalloc byte[ControlSize];
        fixed (byte* buffer = data)
        {
            var iov = stackalloc nint[2];
            var message = stackalloc nint[7];
            long n;
            do
            {
                new Span<byte>(control, ControlSize).Clear();
                Prepare(message, iov, buffer, data.Length, control, ControlSize);
                n = Syscalls.RecvMsg(socket, message);
            }
            while (n == -Errno.EINTR);
            if (n > 0 && message[5] >= 20 && *(int*)(control + 8) == SolSocket && *(int*)(control + 12) == ScmRights)
                fd = *(int*)(control + 16);
            return n;
        }
    }

    /// <summary>Sends <paramref name="data"/> with <paramref name="fd"/> attached; returns the byte count or -errno.</summary>
    public static long Send(int socket, ReadOnlySpan<byte> data, int fd)
    {
        var control = stackalloc byte[ControlSize];
        new Span<byte>(control, ControlSize).Clear();
        *(ulong*)control = 20; // CMSG_LEN(sizeof(int))
        *(int*)(control + 8) = SolSocket;
        *(int*)(control + 12) = ScmRights;
        *(int*)(control + 16) = fd;
        fixed (byte* buffer = data)
        {
            var iov = stackalloc nint[2];
            var message = stackalloc nint[7];
            Prepare(message, iov, buffer, data.Length, control, ControlSize);
            return Syscalls.SendMsg(socket, message);
        }
    }

    /// <summary>struct msghdr (7 words on 64-bit) with one iovec and a control buffer.</summary>
    private static void Prepare(nint* message, nint* iov, byte* buffer, int length, byte* control, int controlLength)
    {
        new Span<nint>(message, 7).Clear();
        iov[0] = (nint)buffer;
        iov[1] = length;
        message[2] = (nint)iov;
        message[3] = 1;
        message[4] = (nint)control;
        message[5] = controlLength;
    }
}
