using System.Runtime.InteropServices;

namespace Oci.Runtime.Spec;

/// <summary>The caller's effective uid and gid: what an unprivileged user may map into a user namespace of its own.</summary>
public static partial class EffectiveIds
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Uid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint Gid();
}
