using System.Runtime.InteropServices;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// An exclusive flock(2) on the container's directory: every verb that changes a
/// container holds it, so two ocirt processes never interleave their updates. The
/// kernel drops the lock if ocirt dies, so a crash cannot wedge a container.
/// </summary>
public sealed class ContainerLock : IDisposable
{
    private int _fd;

    private ContainerLock(int fd) => _fd = fd;

    public static ContainerLock Acquire(string directory) =>
        TryAcquire(directory) ?? throw new OcirtException($"lock {directory}: open: {Errno.Describe(Errno.ENOENT)}");

    /// <summary>As <see cref="Acquire"/>, but null when the directory is gone (removed by the create that held it).</summary>
    public static ContainerLock? TryAcquire(string directory)
    {
        var fd = Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            var openErrno = Marshal.GetLastPInvokeError();
            if (openErrno == Errno.ENOENT)
                return null;
            throw new OcirtException($"lock {directory}: open: {Errno.Describe(openErrno)}");
        }
        while (Libc.Flock(fd, Libc.LOCK_EX) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR)
                continue;
            Libc.Close(fd);
            throw new OcirtException($"lock {directory}: flock: {Errno.Describe(errno)}");
        }
        return new ContainerLock(fd);
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            // Unlock explicitly: a child cloned while the lock was held shares the open file
            // description, and a plain close would leave the lock held as long as the child lives.
            Libc.Flock(_fd, Libc.LOCK_UN);
            Libc.Close(_fd);
            _fd = -1;
        }
    }
}
