using System.Runtime.InteropServices;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// The C interpreter (Native/ocirt_spawn.c). Statically linked into the NativeAOT binary
/// (DirectPInvoke); loaded as libocirt_spawn.so when tests run under the JIT.
/// </summary>
internal static partial class NativeSpawn
{
    [LibraryImport("ocirt_spawn", EntryPoint = "ocirt_spawn")]
    public static partial long Spawn(nint program, out int pidfd);

    [LibraryImport("ocirt_spawn", EntryPoint = "ocirt_caller_fd_was_open")]
    public static partial int CallerFdWasOpen(int fd);
}
