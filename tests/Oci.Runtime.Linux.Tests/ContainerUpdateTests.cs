using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>What `update` takes from a request, how it pairs CPU quota and period, and what it records.</summary>
public class ContainerUpdateTests
{
    [Fact]
    public void SelectKeepsRuncsFieldsAndDropsZeros()
    {
        var request = new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 1 << 20, Reservation = 0, Swap = -1, Kernel = 5, Swappiness = 10 },
            Cpu = new LinuxCpu { Shares = 0, Quota = 1000, Cpus = "", Mems = "0", Burst = 5 },
            BlockIO = new LinuxBlockIO { Weight = 0, LeafWeight = 10 },
            Pids = new LinuxPids { Limit = 0 },
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 1 }],
            Unified = new Dictionary<string, string> { ["memory.high"] = "max" },
        };

        var selected = ContainerUpdate.Select(request);

        selected.Memory.Should().BeEquivalentTo(new LinuxMemory { Limit = 1 << 20, Swap = -1 });
        selected.Cpu.Should().BeEquivalentTo(new LinuxCpu { Quota = 1000, Mems = "0" });
        selected.BlockIO.Should().BeNull("a zero weight is no change");
        selected.Pids.Should().BeNull("a zero limit is no change, as in runc's update");
        selected.Devices.Should().BeNull("runc's update never touches devices");
        selected.HugepageLimits.Should().BeNull();
        selected.Unified.Should().ContainKey("memory.high");
    }

    [Fact]
    public void SelectOfNothingIsEmpty() =>
        ContainerUpdate.Select(new LinuxResources { Memory = new LinuxMemory { Limit = 0 }, Cpu = new LinuxCpu() })
            .Should().BeEquivalentTo(new LinuxResources());

    [Fact]
    public void ALoneQuotaKeepsTheRecordedPeriod()
    {
        var recorded = new LinuxResources { Cpu = new LinuxCpu { Quota = 20000, Period = 50000 } };

        var paired = ContainerUpdate.PairCpuLimits(new LinuxResources { Cpu = new LinuxCpu { Quota = 10000 } }, recorded);

        paired.Cpu!.Quota.Should().Be(10000);
        paired.Cpu.Period.Should().Be(50000);
    }

    [Fact]
    public void ALonePeriodKeepsTheRecordedQuota() =>
        ContainerUpdate.PairCpuLimits(new LinuxResources { Cpu = new LinuxCpu { Period = 20000 } },
            new LinuxResources { Cpu = new LinuxCpu { Quota = 5000 } }).Cpu!.Quota.Should().Be(5000);

    [Fact]
    public void BothOrNeitherAreLeftAsGiven()
    {
        var both = new LinuxResources { Cpu = new LinuxCpu { Quota = 1, Period = 2 } };
        var neither = new LinuxResources { Cpu = new LinuxCpu { Shares = 3 } };
        var recorded = new LinuxResources { Cpu = new LinuxCpu { Quota = 7, Period = 8 } };

        ContainerUpdate.PairCpuLimits(both, recorded).Should().BeSameAs(both);
        ContainerUpdate.PairCpuLimits(neither, recorded).Should().BeSameAs(neither);
    }

    [Fact]
    public void MergeReplacesWhatTheUpdateSetsAndKeepsTheRest()
    {
        var recorded = new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 100, Swap = 200 },
            Cpu = new LinuxCpu { Shares = 2, Cpus = "0" },
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
            Unified = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        };
        var update = new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 300 },
            Pids = new LinuxPids { Limit = 9 },
            BlockIO = new LinuxBlockIO { Weight = 500 },
            Unified = new Dictionary<string, string> { ["b"] = "3" },
        };

        var merged = ContainerUpdate.Merge(recorded, update);

        merged.Memory!.Limit.Should().Be(300);
        merged.Memory.Swap.Should().Be(200);
        merged.Cpu!.Shares.Should().Be(2);
        merged.Cpu.Cpus.Should().Be("0");
        merged.Pids!.Limit.Should().Be(9);
        merged.BlockIO!.Weight.Should().Be(500);
        merged.Devices.Should().HaveCount(1);
        merged.Unified.Should().Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" });
    }

    [Fact]
    public void MergeIntoNothingIsTheUpdate() =>
        ContainerUpdate.Merge(null, new LinuxResources { Cpu = new LinuxCpu { Quota = 5 } }).Cpu!.Quota.Should().Be(5);
}
