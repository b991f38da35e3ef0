using System.Runtime.InteropServices;
using System.Text;

namespace Oci.Runtime.Spec;

/// <summary>
/// Whole-file reads of the small files every verb reads (config.json, /proc/self/*, mountinfo),
/// with open/read/close and one buffer. File.ReadAllText builds a FileStream, a StreamReader,
/// a decoder and their buffers for each: 8 % of `run`'s CPU for a dozen files. Failures are the
/// exceptions File's methods throw, so callers catch what they caught before.
/// </summary>
public static partial class SmallFile
{
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    public static byte[] ReadBytes(string path)
    {
        var fd = Open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Failure("open", path, Marshal.GetLastPInvokeError());
        try
        {
            var buffer = new byte[4096];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                var n = Read(fd, ref buffer[length], buffer.Length - length);
                if (n == 0)
                    break;
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                        continue;
                    throw Failure("read", path, errno);
                }
                length += (int)n;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>The file as UTF-8 text, a byte order mark dropped as File.ReadAllText drops it.</summary>
    public static string ReadText(string path)
    {
        var bytes = ReadBytes(path);
        return Encoding.UTF8.GetString(WithoutByteOrderMark(bytes));
    }

    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    private static Exception Failure(string operation, string path, int errno)
    {
        var message = $"{operation} {path}: {Errno.Describe(errno)}";
        return errno switch
        {
            Errno.ENOENT => new FileNotFoundException(message, path),
            Errno.ENOTDIR => new DirectoryNotFoundException(message),
            Errno.EACCES or Errno.EPERM or Errno.EISDIR => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
