using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`update` changes a live container's limits (read back from the cgroup files) and records them.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupUpdateTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void FlagsChangeTheLimitsLive()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var update = c.Ocirt("update", "--memory", "64m", "--pids-limit", "20", "--cpu-quota", "50000", "--cpu-share", "512", c.Id);

        update.ExitCode.Should().Be(0, update.ToString());
        c.ReadCgroupFile("memory", "memory.limit_in_bytes").Should().Be("67108864");
        c.ReadCgroupFile("pids", "pids.max").Should().Be("20");
        c.ReadCgroupFile("cpu", "cpu.cfs_quota_us").Should().Be("50000");
        c.ReadCgroupFile("cpu", "cpu.shares").Should().Be("512");
        var recorded = c.Record.GetProperty("resources");
        recorded.GetProperty("memory").GetProperty("limit").GetInt64().Should().Be(67108864);
        recorded.GetProperty("pids").GetProperty("limit").GetInt64().Should().Be(20);
    }

    [Fact]
    public void ResourcesFromStdinAsCriSendsThem()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var update = c.OcirtWithInput("""{"memory":{"limit":100663296},"pids":{"limit":-1},"cpu":{"shares":0}}""", "update", "--resources", "-", c.Id);

        update.ExitCode.Should().Be(0, update.ToString());
        c.ReadCgroupFile("memory", "memory.limit_in_bytes").Should().Be("100663296");
        c.ReadCgroupFile("pids", "pids.max").Should().Be("max");
        c.ReadCgroupFile("cpu", "cpu.shares").Should().Be("1024", "a zero means unchanged, as in runc");
    }

    [Fact]
    public void ResourcesFromAFile()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");
        var file = Path.Combine(_sandbox.Directory, "resources.json");
        File.WriteAllText(file, """{"memory":{"limit":50331648}}""");

        var update = c.Ocirt("update", "-r", file, c.Id);

        update.ExitCode.Should().Be(0, update.ToString());
        c.ReadCgroupFile("memory", "memory.limit_in_bytes").Should().Be("50331648");
    }

    [Theory]
    [InlineData("--memory", "12x", "invalid value for memory")]
    [InlineData("--memory-swap", "lots", "invalid value for memory-swap")]
    [InlineData("--cpu-share", "abc", "invalid value for cpu-share")]
    [InlineData("--cpu-quota", "1.5", "invalid value for cpu-quota")]
    [InlineData("--cpu-period", "-1", "invalid value for cpu-period")]
    [InlineData("--pids-limit", "many", "-pids-limit")]
    [InlineData("--l3-cache-schema", "L3:0=f", "Intel RDT/CAT")]
    public void InvalidValuesAreErrorsNamingTheFlag(string flag, string value, string expected)
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var update = c.Ocirt("update", flag, value, c.Id);

        LogLines.ExpectTextError(update).Should().Contain(expected);
        c.ReadCgroupFile("pids", "pids.max").Should().Be("max", "nothing is applied");
    }

    [Fact]
    public void KernelMemoryIsIgnoredWithAWarning()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var update = c.Ocirt("update", "--kernel-memory", "10m", c.Id);

        update.ExitCode.Should().Be(0, update.ToString());
        update.Stderr.Should().Contain("Kernel memory settings are ignored");
    }

    [Fact]
    public void AStoppedContainerCannotBeUpdated()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");
        c.Ocirt("kill", c.Id, "KILL").ExitCode.Should().Be(0);
        c.WaitUntilStopped();

        LogLines.ExpectTextError(c.Ocirt("update", "--memory", "64m", c.Id)).Should().Contain("container not running");
        LogLines.ExpectTextError(c.Ocirt("update", "--memory", "64m", "ghost")).Should().Contain("container \"ghost\" does not exist");
    }
}
