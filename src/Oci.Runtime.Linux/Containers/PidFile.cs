using System.Globalization;
using System.Text;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// --pid-file: the decimal pid, no newline (as runc), written to a temp file beside it and
/// renamed so readers never see half of it. Raw syscalls, so a failure reads as runc's
/// ("open /no/such/dir/pid: no such file or directory"); the caller undoes the process.
/// </summary>
public static class PidFile
{
    private const int CreateForWriting = 0x1 | 0x40 | 0x200 | 0x80000; // O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC

    public static void Write(string path, int pid)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}");
        var failure = WriteWhole(temporary, full, Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture)));
        if (failure is null)
        {
            var renamed = Syscalls.Rename(temporary, full);
            if (renamed < 0)
                failure = $"rename {temporary} to {full}: {Errno.Describe((int)-renamed)}";
        }
        if (failure is not null)
        {
            Syscalls.Unlink(temporary);
            throw new OcirtException($"--pid-file: {failure}");
        }
    }

    private static string? WriteWhole(string path, string shown, byte[] bytes)
    {
        var fd = Syscalls.Open(path, CreateForWriting, 0x1a4); // 0644, as runc's under the usual umask
        if (fd < 0)
            return $"open {shown}: {Errno.Describe((int)-fd)}";
        try
        {
            var written = Syscalls.Write((int)fd, bytes);
            return written < 0 ? $"write {shown}: {Errno.Describe((int)-written)}"
                : written < bytes.Length ? $"write {shown}: short write" : null;
        }
        finally
        {
            Syscalls.Close((int)fd);
        }
    }
}
