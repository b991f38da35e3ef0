using System.Runtime.InteropServices;

namespace Oci.Runtime.Spec;

/// <summary>
/// The errno values ocirt branches on (asm-generic numbering, shared by x86_64 and aarch64),
/// and the one way every project words an errno in an <see cref="OcirtException"/>.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int E2BIG = 7;
    public const int ENOEXEC = 8;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EPROTO = 71;

    private static readonly Dictionary<int, string> Names = new()
    {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
        [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [EACCES] = "EACCES", [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR", [EINVAL] = "EINVAL",
        [ENOSPC] = "ENOSPC", [EROFS] = "EROFS", [ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP", [EPROTO] = "EPROTO",
    };

    public static string NameOf(int errno) => Names.TryGetValue(errno, out var name) ? name : $"errno {errno}";

    /// <summary>strerror in Go's (and so runc's) lower-case style: "no such file or directory".</summary>
    public static string Describe(int errno)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1])
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }
}
