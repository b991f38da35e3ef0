using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>The fds the parent opens for the child to inherit; all closed when create returns.</summary>
public sealed class OpenFds : IDisposable
{
    public const int ReadOnly = 0x80000;              // O_RDONLY|O_CLOEXEC
    public const int WriteOnly = 0x1 | 0x80000;       // O_WRONLY|O_CLOEXEC
    public const int PathOnly = 0x200000 | 0x80000;    // O_PATH|O_CLOEXEC
    public static readonly int DirectoryPath = PathOnly | (int)Setup.LinuxConstants.O_DIRECTORY;

    private readonly List<int> _fds = [];

    public int Open(string path, int flags, string culprit)
    {
        var fd = Syscalls.Open(path, flags);
        if (fd < 0)
            throw new OcirtException($"{culprit}: open \"{path}\": {Errno.Describe((int)-fd)}");
        _fds.Add((int)fd);
        return (int)fd;
    }

    /// <summary>A detached copy of the mount at <paramref name="path"/> (and, if recursive, the mounts under it), or
    /// -errno: the caller decides whether a failure matters.</summary>
    public int CloneMount(string path, bool recursive)
    {
        var fd = Syscalls.OpenTree(path, Syscalls.OPEN_TREE_CLONE | Syscalls.OPEN_TREE_CLOEXEC | (recursive ? Syscalls.AT_RECURSIVE : 0));
        if (fd >= 0)
            _fds.Add((int)fd);
        return (int)fd;
    }

    /// <summary>Connects to the --console-socket the engine listens on; the init sends the pty master over it.</summary>
    public int Connect(string socketPath)
    {
        var fd = Syscalls.Socket(Syscalls.SOCK_STREAM);
        if (fd < 0)
            throw new OcirtException($"--console-socket: socket: {Errno.Describe((int)-fd)}");
        _fds.Add((int)fd);
        var connected = Syscalls.Connect((int)fd, socketPath);
        if (connected < 0)
            throw new OcirtException($"--console-socket: connect to \"{socketPath}\": {Errno.Describe((int)-connected)}");
        return (int)fd;
    }

    public void Dispose()
    {
        foreach (var fd in _fds)
            Syscalls.Close(fd);
        _fds.Clear();
    }
}
