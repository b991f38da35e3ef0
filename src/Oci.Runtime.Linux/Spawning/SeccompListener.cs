using System.Text.Json;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// Hands a seccomp notify fd to linux.seccomp.listenerPath as the runtime-spec says: connect to
/// the unix socket and send the container process state (JSON) with the fd attached (SCM_RIGHTS),
/// named "seccompFd" in its fds list.
/// </summary>
public static unsafe class SeccompListener
{
    public static void Hand(string listenerPath, string? metadata, State state, int pid, int listenerFd)
    {
        var document = new ContainerProcessState
        {
            OciVersion = state.OciVersion,
            Fds = [ContainerProcessState.SeccompFdName],
            Pid = pid,
            Metadata = metadata,
            State = state,
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(document, SpecJsonContext.Default.ContainerProcessState);
        var socket = Syscalls.Socket(Syscalls.SOCK_STREAM);
        if (socket < 0)
            throw new OcirtException($"linux.seccomp.listenerPath: socket: {Errno.Describe((int)-socket)}");
        try
        {
            var connected = Syscalls.Connect((int)socket, listenerPath);
            if (connected < 0)
                throw new OcirtException($"linux.seccomp.listenerPath: connect to \"{listenerPath}\": {Errno.Describe((int)-connected)}");
            Send((int)socket, payload, listenerFd, listenerPath);
        }
        finally
        {
            Syscalls.Close((int)socket);
        }
    }

    private static void Send(int socket, byte[] payload, int fd, string listenerPath)
    {
        var control = stackalloc byte[24];
        new Span<byte>(control, 24).Clear();
        *(ulong*)control = 20;      // cmsg_len = CMSG_LEN(sizeof(int))
        *(int*)(control + 8) = 1;   // SOL_SOCKET
        *(int*)(control + 12) = 1;  // SCM_RIGHTS
        *(int*)(control + 16) = fd;
        fixed (byte* data = payload)
        {
            var iov = stackalloc nint[2];
            iov[0] = (nint)data;
            iov[1] = payload.Length;
            var message = stackalloc nint[7];
            new Span<nint>(message, 7).Clear();
            message[2] = (nint)iov;
            message[3] = 1;
            message[4] = (nint)control;
            message[5] = 24;
            var sent = Syscalls.SendMsg(socket, message);
            if (sent < 0)
                throw new OcirtException($"linux.seccomp.listenerPath: send to \"{listenerPath}\": {Errno.Describe((int)-sent)}");
        }
    }
}
