using System.Runtime.InteropServices;
using System.Text;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>The real cgroup filesystem, through open/read/write/mkdir/rmdir (and bpf(2) for
/// v2 device filters) so every failure keeps its errno (EBUSY from rmdir, EINVAL from
/// cpu.cfs_period_us, ...).</summary>
public sealed class HostCgroupFs : ICgroupFs
{
    public static readonly HostCgroupFs Instance = new();

    public unsafe string ReadFile(string path)
    {
        int fd = Retry(() => Native.Open(path, Native.O_RDONLY | Native.O_CLOEXEC), "open", path);
        try
        {
            var text = new MemoryStream();
            byte* buffer = stackalloc byte[4096];
            while (true)
            {
                nint n = Native.Read(fd, buffer, 4096);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR) continue;
                    throw new CgroupFsException("read", path, errno);
                }
                if (n == 0) break;
                text.Write(new ReadOnlySpan<byte>(buffer, (int)n));
            }
            return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        finally
        {
            Native.Close(fd);
        }
    }

    public unsafe void WriteFile(string path, string content)
    {
        int fd = Retry(() => Native.Open(path, Native.O_WRONLY | Native.O_CLOEXEC), "open", path);
        try
        {
            byte[] bytes = Encoding.UTF8.GetBytes(content);
            fixed (byte* p = bytes)
            {
                // A cgroup file consumes a value in a single write; a short write would be a kernel bug.
                nint n;
                do n = Native.Write(fd, p, bytes.Length);
                while (n < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
                if (n < 0) throw new CgroupFsException("write", path, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            Native.Close(fd);
        }
    }

    public bool Exists(string path) => Path.Exists(path);

    public bool CreateDirectory(string path)
    {
        if (Native.Mkdir(path, 0x1ED /* 0755 */) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EEXIST) return false;
        throw new CgroupFsException("mkdir", path, errno);
    }

    public void RemoveDirectory(string path)
    {
        if (Native.Rmdir(path) != 0) throw new CgroupFsException("rmdir", path, Marshal.GetLastPInvokeError());
    }

    public IReadOnlyList<string> SubDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    public void ReplaceDeviceFilter(string path, byte[] program) => V2.BpfDeviceFilter.Replace(path, program);

    private static int Retry(Func<int> call, string operation, string path)
    {
        while (true)
        {
            int r = call();
            if (r >= 0) return r;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR) throw new CgroupFsException(operation, path, errno);
        }
    }
}
