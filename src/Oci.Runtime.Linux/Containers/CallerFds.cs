using Oci.Runtime.Linux.Spawning;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Which of the fds a caller asks to pass (--preserve-fds, $LISTEN_FDS: 3 .. 3+N-1) it really had
/// open when ocirt started, as the C interpreter's constructor noted them before the .NET runtime
/// opened its own fds (Native/ocirt_spawn.c).
/// </summary>
public static class CallerFds
{
    /// <summary>The fds of 3 .. 3+count-1 that were closed when ocirt started.</summary>
    public static IReadOnlyList<int> ClosedAtStart(int count) =>
        Enumerable.Range(3, Math.Max(count, 0)).Where(fd => NativeSpawn.CallerFdWasOpen(fd) == 0).ToList();
}
