using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Cli.Commands;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Tests;

/// <summary>`update`'s flags and --resources documents become the LinuxResources runc 1.1 would build.</summary>
public class UpdateFlagsTests
{
    private static LinuxResources FromFlags(params string[] args) =>
        UpdateCommand.FromFlags(FlagParser.Parse(CommandTable.Find("update")!.Flags, [.. args, "id"], stopAtFirstPositional: false));

    [Theory]
    [InlineData("100", 100)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("512M", 512L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("1gb", 1024L * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    [InlineData("1 g", 1024L * 1024 * 1024)]
    [InlineData("1.5g", 1536L * 1024 * 1024)]
    [InlineData("2t", 2L * 1024 * 1024 * 1024 * 1024)]
    [InlineData("1p", 1024L * 1024 * 1024 * 1024 * 1024)]
    [InlineData("10b", 10)]
    [InlineData("0.5k", 512)]
    public void SizesAreReadAsDockerUnitsRamInBytes(string text, long bytes)
    {
        UpdateCommand.TryParseRamSize(text, out var parsed, out var problem).Should().BeTrue(problem);
        parsed.Should().Be(bytes);
    }

    [Theory]
    [InlineData("12x", "invalid size: '12x'")]
    [InlineData("", "invalid size: ''")]
    [InlineData("-5m", "invalid size: '-5m'")]
    [InlineData("1g\n", "invalid size: '1g\n'")]
    [InlineData("m", "invalid size: 'm'")]
    [InlineData("1.2.3m", "strconv.ParseFloat: parsing \"1.2.3\": invalid syntax")]
    [InlineData("9999999p", "invalid size: '9999999p' is too large")]
    public void BadSizesSayWhy(string text, string problem)
    {
        UpdateCommand.TryParseRamSize(text, out _, out var said).Should().BeFalse();
        said.Should().Be(problem);
    }

    [Fact]
    public void EveryFlagLandsInItsField()
    {
        var r = FromFlags("--memory", "512m", "--memory-swap", "1g", "--memory-reservation", "256m",
            "--cpu-share", "512", "--cpu-period", "100000", "--cpu-quota", "50000", "--cpu-rt-period", "1000000",
            "--cpu-rt-runtime", "950000", "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--pids-limit", "20", "--blkio-weight", "500");

        r.Memory!.Limit.Should().Be(512L << 20);
        r.Memory.Swap.Should().Be(1L << 30);
        r.Memory.Reservation.Should().Be(256L << 20);
        r.Cpu!.Shares.Should().Be(512);
        r.Cpu.Period.Should().Be(100000);
        r.Cpu.Quota.Should().Be(50000);
        r.Cpu.RealtimePeriod.Should().Be(1000000);
        r.Cpu.RealtimeRuntime.Should().Be(950000);
        r.Cpu.Cpus.Should().Be("0-1");
        r.Cpu.Mems.Should().Be("0");
        r.Pids!.Limit.Should().Be(20);
        r.BlockIO!.Weight.Should().Be(500);
    }

    [Fact]
    public void FlagsNotGivenStayUnset()
    {
        var r = FromFlags("--memory", "1g");

        r.Memory!.Swap.Should().BeNull();
        r.Memory.Kernel.Should().BeNull();
        r.Cpu!.Shares.Should().BeNull();
        r.Cpu.Cpus.Should().BeNull();
        r.Pids!.Limit.Should().BeNull();
        r.BlockIO!.Weight.Should().BeNull();
    }

    [Fact]
    public void MinusOneMeansUnlimitedAndNegativeQuotaIsAllowed()
    {
        var r = FromFlags("--memory", "-1", "--memory-swap", "-1", "--cpu-quota", "-1", "--pids-limit", "-1");

        r.Memory!.Limit.Should().Be(-1);
        r.Memory.Swap.Should().Be(-1);
        r.Cpu!.Quota.Should().Be(-1);
        r.Pids!.Limit.Should().Be(-1);
    }

    [Fact]
    public void KernelMemoryFlagsAreParsedForTheWarning() =>
        FromFlags("--kernel-memory", "10m", "--kernel-memory-tcp", "1m").Memory!.Kernel.Should().Be(10L << 20);

    [Theory]
    [InlineData("--cpu-share", "abc", "invalid value for cpu-share: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("--cpu-period", "-1", "invalid value for cpu-period: strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData("--cpu-period", "+5", "invalid value for cpu-period: strconv.ParseUint: parsing \"+5\": invalid syntax")]
    [InlineData("--cpu-rt-period", "99999999999999999999", "invalid value for cpu-rt-period: strconv.ParseUint: parsing \"99999999999999999999\": value out of range")]
    [InlineData("--cpu-quota", "1.5", "invalid value for cpu-quota: strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData("--cpu-quota", "-", "invalid value for cpu-quota: strconv.ParseInt: parsing \"-\": invalid syntax")]
    [InlineData("--cpu-rt-runtime", "-99999999999999999999", "invalid value for cpu-rt-runtime: strconv.ParseInt: parsing \"-99999999999999999999\": value out of range")]
    [InlineData("--memory", "lots", "invalid value for memory: invalid size: 'lots'")]
    [InlineData("--memory-reservation", "1x", "invalid value for memory-reservation: invalid size: '1x'")]
    [InlineData("--blkio-weight", "70000", "invalid value for blkio-weight: 70000 is out of range")]
    public void BadValuesNameTheFlag(string flag, string value, string message)
    {
        var parse = () => FromFlags(flag, value);

        parse.Should().Throw<OcirtException>().WithMessage(message);
    }

    [Fact]
    public void ResourcesDocumentIsALinuxResources()
    {
        var r = UpdateCommand.FromJson("""{"memory":{"limit":1048576,"swap":-1},"cpu":{"quota":1000,"cpus":"0"},"pids":{"limit":5},"unified":{"memory.high":"max"},"future":1}""", "stdin");

        r.Memory!.Limit.Should().Be(1048576);
        r.Memory.Swap.Should().Be(-1);
        r.Cpu!.Quota.Should().Be(1000);
        r.Cpu.Cpus.Should().Be("0");
        r.Pids!.Limit.Should().Be(5);
        r.Unified.Should().ContainKey("memory.high");
    }

    [Fact]
    public void NullDocumentChangesNothing() =>
        UpdateCommand.FromJson("null", "stdin").Should().BeEquivalentTo(new LinuxResources());

    [Theory]
    [InlineData("")]
    [InlineData("{\"memory\":{\"limit\":\"big\"}}")]
    [InlineData("[1]")]
    public void BadDocumentsAreErrorsNamingTheSource(string json)
    {
        var parse = () => UpdateCommand.FromJson(json, "/tmp/r.json");

        parse.Should().Throw<OcirtException>().WithMessage("/tmp/r.json: *");
    }
}
