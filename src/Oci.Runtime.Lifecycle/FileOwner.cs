using Tmds.Linux;

namespace Oci.Runtime.Lifecycle;

internal static class FileOwner
{
    /// <summary>The owning uid of a path (stat(2)); the BCL exposes modes but not owners.</summary>
    public static unsafe uint UidOf(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        stat buffer;
        fixed (byte* p = bytes)
        {
            if (LibC.stat(p, &buffer) != 0)
                return 0;
        }
        return buffer.st_uid;
    }
}
