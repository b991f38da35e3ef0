using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>Limits are enforced for real on this (cgroup v1) host: CPU quota throttles, pids.max stops forks, a denied device stays shut.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupEnforcementTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static string ResultIn(CgroupTestContainer c, string file) =>
        File.Exists(Path.Combine(c.Rootfs, file)) ? File.ReadAllText(Path.Combine(c.Rootfs, file)).Trim() : "";

    [Fact]
    public void CpuQuotaThrottlesABusyLoop()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "while true; do :; done",
            config => config["linux"]!["resources"]!["cpu"] = JsonNode.Parse("""{"quota": 10000, "period": 100000}"""));

        c.ReadCgroupFile("cpu", "cpu.cfs_quota_us").Should().Be("10000");
        CgroupTestContainer.WaitUntil(() => Throttled(c) > 2, TimeSpan.FromSeconds(15), "the busy loop is throttled");
        c.Ocirt("delete", "--force", c.Id).ExitCode.Should().Be(0);
    }

    private static long Throttled(CgroupTestContainer c) =>
        long.Parse(c.ReadCgroupFile("cpu", "cpu.stat").Split('\n').Single(l => l.StartsWith("nr_throttled ", StringComparison.Ordinal)).Split(' ')[1]);

    [Fact]
    public void PidsLimitStopsAForkLoop()
    {
        // Each round forks a sleeper; forks past the limit fail (ash may give up on the loop then).
        using var c = CgroupTestContainer.Run(_sandbox,
            "i=0; while [ $i -lt 30 ]; do sleep 600 & i=$((i+1)); done; sleep 600",
            config => config["linux"]!["resources"]!["pids"] = JsonNode.Parse("""{"limit": 8}"""));

        CgroupTestContainer.WaitUntil(() => FailedForks(c) > 0, TimeSpan.FromSeconds(15), "a fork hit pids.max");
        c.ReadCgroupFile("pids", "pids.max").Should().Be("8");
        int.Parse(c.ReadCgroupFile("pids", "pids.current")).Should().BeLessThanOrEqualTo(8);
        c.Pids().Length.Should().BeLessThanOrEqualTo(8, "the loop wanted 31 processes");
        c.Ocirt("delete", "--force", c.Id).ExitCode.Should().Be(0);
    }

    /// <summary>pids.events: "max N", the forks the limit refused.</summary>
    private static long FailedForks(CgroupTestContainer c) =>
        long.Parse(c.ReadCgroupFile("pids", "pids.events").Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    [Fact]
    public void ADeviceTheRulesDoNotAllowCannotBeOpened()
    {
        // The node exists in /dev (linux.devices) but the cgroup's rules (deny all, runc's defaults) leave it shut.
        using var c = CgroupTestContainer.Run(_sandbox,
            "head -c 1 /dev/sdx > /dev/null 2>/denied; echo $? > /status; head -c 1 /dev/zero > /dev/null; echo $? > /allowed; sleep 600",
            config => config["linux"]!["devices"] = JsonNode.Parse("""[{"path": "/dev/sdx", "type": "b", "major": 8, "minor": 0, "fileMode": 432}]"""));

        CgroupTestContainer.WaitUntil(() => ResultIn(c, "allowed").Length > 0, TimeSpan.FromSeconds(15), "the checks ran");
        ResultIn(c, "status").Should().NotBe("0");
        ResultIn(c, "denied").Should().Contain("Operation not permitted");
        ResultIn(c, "allowed").Should().Be("0", "/dev/zero is one of runc's default allowed devices");
        c.ReadCgroupFile("devices", "devices.list").Should().NotContain("b 8:0");
        c.Ocirt("delete", "--force", c.Id).ExitCode.Should().Be(0);
    }
}
