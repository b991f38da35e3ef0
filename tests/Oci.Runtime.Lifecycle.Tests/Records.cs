using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Lifecycle.Tests;

internal static class Records
{
    public static ContainerRecord Make(string id, string status = "running", int pid = 4242, ulong startTime = 777) => new()
    {
        OciVersion = "1.3.0",
        Id = id,
        Status = status,
        Pid = pid,
        PidStartTime = startTime,
        Bundle = "/srv/bundles/" + id,
        Rootfs = "/srv/bundles/" + id + "/rootfs",
        Created = "2026-11-29T01:02:03.123456789Z",
    };

    /// <summary>The exec fifo `create` leaves for `start`: without it a container recorded as created has started.</summary>
    public static void MakeExecFifo(StateStore store, string id)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(store.DirectoryOf(id), StateStore.ExecFifo))!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
            throw new InvalidOperationException($"mkfifo failed ({mkfifo.ExitCode})");
    }
}
