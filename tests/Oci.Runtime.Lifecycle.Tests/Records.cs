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
}
