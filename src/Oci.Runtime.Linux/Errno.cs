namespace Oci.Runtime.Linux;

/// <summary>The errno values ocirt branches on (asm-generic, shared by x86_64 and aarch64).</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
}
