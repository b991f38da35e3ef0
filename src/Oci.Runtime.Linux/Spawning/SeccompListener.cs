using System.Text.Json;
using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// Hands a seccomp notify fd to linux.seccomp.listenerPath as the runtime-spec says: connect to
/// the unix socket and send the container process state (JSON) with the fd attached (SCM_RIGHTS),
/// named "seccompFd" in its fds list.
/// </summary>
public static class SeccompListener
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
        var payload = StateDocumentWriter.ToUtf8(document);
        var socket = Syscalls.Socket(Syscalls.SOCK_STREAM);
        if (socket < 0)
            throw new OcirtException($"linux.seccomp.listenerPath: socket: {Errno.Describe((int)-socket)}");
        try
        {
            var connected = Syscalls.Connect((int)socket, listenerPath);
            if (connected < 0)
                throw new OcirtException($"linux.seccomp.listenerPath: connect to \"{listenerPath}\": {Errno.Describe((int)-connected)}");
            var sent = UnixRights.Send((int)socket, payload, listenerFd);
            if (sent < 0)
                throw new OcirtException($"linux.seccomp.listenerPath: send to \"{listenerPath}\": {Errno.Describe((int)-sent)}");
        }
        finally
        {
            Syscalls.Close((int)socket);
        }
    }
}
