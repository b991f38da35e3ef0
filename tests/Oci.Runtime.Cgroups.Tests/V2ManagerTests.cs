using System.Text.Json;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>The v2 manager on a fake unified host (spec-fixtures/cgroupfs/v2).</summary>
public sealed class V2ManagerTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new();
    private readonly ICgroupManager _m;
    private const string Leaf = "user.slice/user-0.slice/c1";

    public V2ManagerTests()
    {
        _tree.Dir("", KernelFiles.V2Root);
        _m = CgroupManagers.Open(new CgroupRequest("c1", null), _tree.Host("v2", "hugepages-2048kB"), _tree);
        _m.Create();
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Create_enables_every_controller_down_the_path()
    {
        _m.Mode.Should().Be(CgroupMode.Unified);
        _m.UnifiedPath.Should().Be(_tree.P(Leaf));
        _tree.Writes.Should().Equal(
            ("cgroup.subtree_control", "+cpuset +cpu +io +memory +hugetlb +pids +rdma +misc"),
            ("user.slice/cgroup.subtree_control", "+cpuset +cpu +io +memory +hugetlb +pids +rdma +misc"),
            ("user.slice/user-0.slice/cgroup.subtree_control", "+cpuset +cpu +io +memory +hugetlb +pids +rdma +misc"));
        _m.CreatedDirectories.Should().Equal(_tree.P("user.slice"), _tree.P("user.slice/user-0.slice"), _tree.P(Leaf));
    }

    [Fact]
    public void Refused_controllers_are_enabled_one_by_one()
    {
        using var tree = new FakeCgroupTree();
        tree.Dir("", KernelFiles.V2Root);
        tree.OnWrite["cgroup.subtree_control"] = v => v;
        tree.FailingWrites["cgroup.subtree_control"] = Errno.EINVAL;
        var m = CgroupManagers.Open(new CgroupRequest("c1", "/c1"), tree.Host("v2"), tree);
        m.Create();
        Directory.Exists(tree.P("c1")).Should().BeTrue();
    }

    [Fact]
    public void Resources_map_to_v2_files_with_runcs_conversions()
    {
        _tree.Writes.Clear();
        File.Delete(_tree.P($"{Leaf}/io.bfq.weight"));
        _m.Apply(new LinuxResources
        {
            Pids = new LinuxPids { Limit = 50 },
            Memory = new LinuxMemory { Limit = 32 << 20, Swap = 48 << 20, Reservation = 8 << 20 },
            BlockIO = new LinuxBlockIO
            {
                Weight = 500,
                WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 1000 }],
                ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 1000 }],
                ThrottleWriteIopsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 7 }],
            },
            Cpu = new LinuxCpu { Shares = 1024, Quota = 50000, Burst = 10, Idle = 1, Cpus = "0", Mems = "0" },
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 2097152 }],
            Rdma = new() { ["mlx5_0"] = new LinuxRdma { HcaObjects = 9 } },
            Unified = new() { ["memory.high"] = "30000000" },
        });
        _tree.Writes.Select(w => (w.Path[(Leaf.Length + 1)..], w.Value)).Should().Equal(
            ("pids.max", "50"),
            ("memory.swap.max", "16777216"),
            ("memory.max", "33554432"),
            ("memory.low", "8388608"),
            ("io.weight", "4950"),
            ("io.weight", "8:0 10000"),
            ("io.max", "8:0 rbps=1000"),
            ("io.max", "8:0 wiops=7"),
            ("cpu.idle", "1"),
            ("cpu.weight", "100"),
            ("cpu.max.burst", "10"),
            ("cpu.max", "50000 100000"),
            ("cpuset.cpus", "0"),
            ("cpuset.mems", "0"),
            ("hugetlb.2MB.max", "2097152"),
            ("hugetlb.2MB.rsvd.max", "2097152"),
            ("rdma.max", "mlx5_0 hca_object=9"),
            ("memory.high", "30000000"));
    }

    [Fact]
    public void Bfq_takes_the_v1_weight_as_is()
    {
        File.WriteAllText(_tree.P($"{Leaf}/io.bfq.weight"), "default 100\n");
        _tree.Writes.Clear();
        _m.Apply(new LinuxResources { BlockIO = new LinuxBlockIO { Weight = 500, WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 20 }] } });
        _tree.Writes.Should().Equal(($"{Leaf}/io.bfq.weight", "500"), ($"{Leaf}/io.bfq.weight", "8:0 20"));
    }

    [Fact]
    public void Unlimited_memory_and_a_period_alone()
    {
        _tree.Writes.Clear();
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = -1 }, Cpu = new LinuxCpu { Period = 20000 } });
        _tree.Writes.Should().Equal(($"{Leaf}/memory.swap.max", "max"), ($"{Leaf}/memory.max", "max"), ($"{Leaf}/cpu.max", "max 20000"));
    }

    [Theory]
    [InlineData("swappiness", "linux.resources.memory.swappiness: cannot be set on cgroup v2*")]
    [InlineData("oom", "linux.resources.memory.disableOOMKiller: cannot be set on cgroup v2*")]
    [InlineData("rt", "linux.resources.cpu.realtimeRuntime: cannot be set on cgroup v2*")]
    [InlineData("classid", "linux.resources.network.classID: cannot be set on cgroup v2*")]
    public void V1_only_settings_are_refused_by_name(string what, string message)
    {
        var r = what switch
        {
            "swappiness" => new LinuxResources { Memory = new LinuxMemory { Swappiness = 0 } },
            "oom" => new LinuxResources { Memory = new LinuxMemory { DisableOomKiller = true } },
            "rt" => new LinuxResources { Cpu = new LinuxCpu { RealtimeRuntime = 5 } },
            _ => new LinuxResources { Network = new LinuxNetwork { ClassId = 1 } },
        };
        var act = () => _m.Apply(r);
        act.Should().Throw<OcirtException>().WithMessage(message);
    }

    [Fact]
    public void Device_rules_become_a_filter_on_the_cgroup_and_an_update_replaces_it()
    {
        _m.Apply(new LinuxResources { Devices = DeviceRules.WithRuncDefaults([new LinuxDeviceCgroup { Allow = false }], null) });
        _tree.Writes.Should().HaveCount(3, "no file is written for devices on v2, only the subtree_control writes of Create");
        var filter = _tree.DeviceFilters[Leaf];
        BpfInterpreter.Run(filter, BpfInterpreter.DevChar, 1, 3, BpfInterpreter.AccRead | BpfInterpreter.AccWrite).Should().BeTrue();
        BpfInterpreter.Run(filter, BpfInterpreter.DevBlock, 8, 0, BpfInterpreter.AccRead).Should().BeFalse();

        _m.Apply(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false }, new LinuxDeviceCgroup { Allow = true, Type = "b", Major = 8, Minor = 0, Access = "r" }] });
        filter = _tree.DeviceFilters[Leaf];
        BpfInterpreter.Run(filter, BpfInterpreter.DevChar, 1, 3, BpfInterpreter.AccRead).Should().BeFalse();
        BpfInterpreter.Run(filter, BpfInterpreter.DevBlock, 8, 0, BpfInterpreter.AccRead).Should().BeTrue();
    }

    [Fact]
    public void A_failed_device_filter_names_the_field()
    {
        Directory.Delete(_tree.P(Leaf), recursive: true);
        var act = () => _m.Apply(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false }] });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.devices: open *c1: no such file or directory");
    }

    [Fact]
    public void Missing_controller_and_unknown_unified_keys_are_named()
    {
        File.WriteAllText(_tree.P($"{Leaf}/cgroup.controllers"), "cpu memory\n");
        var pids = () => _m.Apply(new LinuxResources { Pids = new LinuxPids { Limit = 1 } });
        pids.Should().Throw<OcirtException>().WithMessage("linux.resources.pids.limit: cannot be set: the pids controller is not available in *");
        var key = () => _m.Apply(new LinuxResources { Unified = new() { ["io.latency"] = "8:0 target=10" } });
        key.Should().Throw<OcirtException>().WithMessage("linux.resources.unified.\"io.latency\": cannot be set: controller \"io\" is not available in *");
        var slash = () => _m.Apply(new LinuxResources { Unified = new() { ["../cgroup.procs"] = "1" } });
        slash.Should().Throw<OcirtException>().WithMessage("linux.resources.unified.\"../cgroup.procs\": must be a file name (no slashes)");
        var swap = () => _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 100, Swap = 50 } });
        swap.Should().Throw<OcirtException>().WithMessage("linux.resources.memory.swap: memory+swap limit 50 must be >= the memory limit 100");
    }

    [Fact]
    public void Freeze_waits_for_the_kernel_and_thaw_releases()
    {
        _tree.OnWrite[$"{Leaf}/cgroup.freeze"] = v =>
        {
            File.WriteAllText(_tree.P($"{Leaf}/cgroup.events"), $"populated 1\nfrozen {v}\n");
            return v + "\n";
        };
        _m.Freeze();
        _m.IsFrozen.Should().BeTrue();
        _m.Thaw();
        _m.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public void Kill_all_with_sigkill_uses_cgroup_kill()
    {
        _m.KillAll(9);
        _tree.WritesTo($"{Leaf}/cgroup.kill").Should().Equal("1");
    }

    [Fact]
    public void Kill_all_with_another_signal_signals_every_process_in_the_subtree()
    {
        using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30"))!;
        Directory.CreateDirectory(_tree.P($"{Leaf}/inner"));
        File.WriteAllText(_tree.P($"{Leaf}/inner/cgroup.procs"), $"{sleeper.Id}\n");
        _tree.OnWrite[$"{Leaf}/cgroup.freeze"] = v =>
        {
            File.WriteAllText(_tree.P($"{Leaf}/cgroup.events"), $"populated 1\nfrozen {v}\n");
            return v + "\n";
        };
        _m.KillAll(15);
        sleeper.WaitForExit(5000).Should().BeTrue();
        _tree.WritesTo($"{Leaf}/cgroup.freeze").Should().Equal("1", "0");
    }

    [Fact]
    public void Stats_convert_microseconds_and_add_memory_to_swap()
    {
        var stats = _m.Stats();
        stats.Cpu.Usage!.Total.Should().Be(1_000_000);
        stats.Cpu.Throttling!.ThrottledTime.Should().Be(30_000);
        stats.Memory.Cache.Should().Be(300);
        stats.Memory.Usage!.Limit.Should().Be(ulong.MaxValue);
        stats.Memory.Swap!.Usage.Should().Be(1024 + 4096);
        stats.Pids.Current.Should().Be(2);
        stats.Blkio.IoServicedRecursive.Should().HaveCount(2);
        stats.Hugetlb["2MB"].Failcnt.Should().Be(4);
        _m.OomKillCount().Should().Be(1);
        JsonSerializer.Serialize(stats, CgroupJsonContext.Default.CgroupStats)
            .Should().Contain("\"usage\":{\"total\":1000000,\"kernel\":400000,\"user\":600000}");
    }

    [Fact]
    public void Destroy_removes_the_leaf_and_the_created_parents()
    {
        _m.Destroy();
        Directory.Exists(_tree.P("user.slice")).Should().BeFalse();
        File.Exists(_tree.P("cgroup.procs")).Should().BeTrue();
    }
}
