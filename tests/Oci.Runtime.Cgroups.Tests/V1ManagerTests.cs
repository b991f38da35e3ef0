using System.Text.Json;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>The v1 manager on a fake legacy host (spec-fixtures/cgroupfs/v1) with every controller.</summary>
public sealed class V1ManagerTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new();
    private readonly ICgroupManager _m;

    public V1ManagerTests()
    {
        (string, string)[] With(params string[] controllers) => [.. KernelFiles.Common, .. controllers.SelectMany(KernelFiles.V1)];
        _tree.Dir("systemd", With()).Dir("cpu,cpuacct", With("cpu", "cpuacct")).Dir("memory", With("memory"))
            .Dir("net_cls,net_prio", With("net_cls", "net_prio")).Dir("pids", With("pids")).Dir("devices", With("devices"))
            .Dir("freezer", With("freezer")).Dir("cpuset", With("cpuset")).Dir("blkio", With("blkio"))
            .Dir("hugetlb", With("hugetlb")).Dir("rdma", With("rdma")).Dir("perf_event", With());
        _m = CgroupManagers.Open(new CgroupRequest("c1", "/ocirt/c1"), _tree.Host("v1", "hugepages-2048kB"), _tree);
        _m.Create();
        // Only the cpuset inheritance was written so far; tests look at what Apply writes.
        _tree.Writes.Clear();
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Create_makes_the_path_in_every_hierarchy_and_copies_the_parent_cpuset()
    {
        _m.Mode.Should().Be(CgroupMode.Legacy);
        _m.UnifiedPath.Should().BeNull();
        foreach (var h in new[] { "systemd", "cpu,cpuacct", "memory", "pids", "devices", "freezer", "cpuset", "blkio", "hugetlb", "rdma", "perf_event", "net_cls,net_prio" })
            Directory.Exists(_tree.P($"{h}/ocirt/c1")).Should().BeTrue(h);
        _m.CreatedDirectories.Should().HaveCount(24).And.Contain(_tree.P("memory/ocirt")).And.Contain(_tree.P("memory/ocirt/c1"));
        _tree.Content("cpuset/ocirt/cpuset.cpus").Should().Be("0-1");
        _tree.Content("cpuset/ocirt/c1/cpuset.mems").Should().Be("0");
    }

    [Fact]
    public void The_directories_to_create_are_known_before_and_are_the_ones_create_makes()
    {
        _tree.Dir("memory/kubepods", ("tasks", ""), ("cgroup.procs", ""));
        var deep = CgroupManagers.Open(new CgroupRequest("c2", "/kubepods/pod9/c2"), _tree.Host("v1", "hugepages-2048kB"), _tree);

        var planned = deep.DirectoriesToCreate();
        Directory.Exists(_tree.P("memory/kubepods/pod9")).Should().BeFalse("nothing is made by asking");
        deep.Create();

        planned.Should().NotContain(_tree.P("memory/kubepods")).And.Contain(_tree.P("memory/kubepods/pod9/c2"));
        planned.Should().BeEquivalentTo(deep.CreatedDirectories);
        deep.DirectoriesToCreate().Should().BeEmpty();
    }

    [Fact]
    public void Create_fills_every_empty_cpuset_level_on_the_way_down_found_or_made()
    {
        // Levels another tool made and left empty (kubelet's /kubepods/burstable on a v1 node):
        // the kernel refuses a task in the leaf (ENOSPC) until every ancestor has cpus and mems.
        _tree.Dir("cpuset/kubepods", ("cpuset.cpus", ""), ("cpuset.mems", ""), ("tasks", ""), ("cgroup.procs", ""))
            .Dir("cpuset/kubepods/burstable", ("cpuset.cpus", "\n"), ("cpuset.mems", ""), ("tasks", ""), ("cgroup.procs", ""))
            .Dir("cpuset/kubepods/guaranteed", ("cpuset.cpus", "1\n"), ("cpuset.mems", "0\n"), ("tasks", ""), ("cgroup.procs", ""))
            .Dir("cpuset/kubepods/guaranteed/pod1", ("cpuset.cpus", ""), ("cpuset.mems", ""), ("tasks", ""), ("cgroup.procs", ""));
        var deep = CgroupManagers.Open(new CgroupRequest("c2", "/kubepods/burstable/pod9/c2"), _tree.Host("v1", "hugepages-2048kB"), _tree);
        deep.Create();
        foreach (var level in new[] { "kubepods", "kubepods/burstable", "kubepods/burstable/pod9", "kubepods/burstable/pod9/c2" })
        {
            _tree.Content($"cpuset/{level}/cpuset.cpus").Should().Be("0-1", level);
            _tree.Content($"cpuset/{level}/cpuset.mems").Should().Be("0", level);
        }
        deep.CreatedDirectories.Should().NotContain(_tree.P("cpuset/kubepods")).And.Contain(_tree.P("cpuset/kubepods/burstable/pod9"));

        // A level that has its own cpus keeps them, and its children take those.
        var pinned = CgroupManagers.Open(new CgroupRequest("c3", "/kubepods/guaranteed/pod1/c3"), _tree.Host("v1", "hugepages-2048kB"), _tree);
        pinned.Create();
        _tree.WritesTo("cpuset/kubepods/guaranteed/cpuset.cpus").Should().BeEmpty();
        _tree.Content("cpuset/kubepods/guaranteed/pod1/cpuset.cpus").Should().Be("1");
        _tree.Content("cpuset/kubepods/guaranteed/pod1/c3/cpuset.cpus").Should().Be("1");
        _tree.Content("cpuset/kubepods/guaranteed/pod1/c3/cpuset.mems").Should().Be("0");
    }

    [Fact]
    public void Memory_sets_every_memory_file()
    {
        _m.Apply(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 32 << 20, Swap = 64 << 20, Reservation = 16 << 20, Swappiness = 10, DisableOomKiller = true, Kernel = 1 },
        });
        _tree.Writes.Where(w => w.Path.StartsWith("memory/", StringComparison.Ordinal)).Should().Equal(
            ("memory/ocirt/c1/memory.limit_in_bytes", "33554432"),
            ("memory/ocirt/c1/memory.memsw.limit_in_bytes", "67108864"),
            ("memory/ocirt/c1/memory.soft_limit_in_bytes", "16777216"),
            ("memory/ocirt/c1/memory.oom_control", "1"),
            ("memory/ocirt/c1/memory.swappiness", "10"));
    }

    // crun writes kernelTCP where v1 still has the file (the kmem limit itself is gone from kernels).
    [Fact]
    public void KernelTcp_goes_to_kmem_tcp_where_the_kernel_has_it_and_is_skipped_where_not()
    {
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { KernelTcp = 1 << 20 } });
        _tree.Writes.Should().BeEmpty("this fake kernel has no memory.kmem.tcp.limit_in_bytes");

        File.WriteAllText(_tree.P("memory/ocirt/c1/memory.kmem.tcp.limit_in_bytes"), "9223372036854771712\n");
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { KernelTcp = 1 << 20 } });
        _tree.Writes.Should().Equal(("memory/ocirt/c1/memory.kmem.tcp.limit_in_bytes", "1048576"));
    }

    [Fact]
    public void Memsw_is_raised_before_a_limit_above_the_current_one_and_set_after_a_lower_one()
    {
        // memsw must stay >= the limit at every step, or the kernel refuses the write.
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 32 << 20, Swap = 48 << 20 } });
        _tree.Writes.Select(w => w.Path).Should().Equal("memory/ocirt/c1/memory.limit_in_bytes", "memory/ocirt/c1/memory.memsw.limit_in_bytes");
        _tree.Writes.Clear();
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 64 << 20, Swap = 128 << 20 } });
        _tree.Writes.Select(w => w.Path).Should().Equal("memory/ocirt/c1/memory.memsw.limit_in_bytes", "memory/ocirt/c1/memory.limit_in_bytes");
    }

    [Fact]
    public void Unlimited_memory_lifts_memsw_too()
    {
        _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = -1 } });
        _tree.Writes.Should().Equal(("memory/ocirt/c1/memory.memsw.limit_in_bytes", "-1"), ("memory/ocirt/c1/memory.limit_in_bytes", "-1"));
    }

    [Fact]
    public void Swap_without_swap_accounting_is_an_error_naming_the_field_and_file()
    {
        File.Delete(_tree.P("memory/ocirt/c1/memory.memsw.limit_in_bytes"));
        var act = () => _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 100, Swap = 200 } });
        act.Should().Throw<OcirtException>().WithMessage(
            $"linux.resources.memory.swap: cannot be set: {_tree.P("memory/ocirt/c1/memory.memsw.limit_in_bytes")} does not exist (swap accounting off)");
    }

    [Fact]
    public void Memory_limit_below_usage_reports_usage_and_peak()
    {
        _tree.FailingWrites["memory/ocirt/c1/memory.limit_in_bytes"] = Errno.EBUSY;
        var act = () => _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 1000 } });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.memory.limit: cannot set the memory limit to 1000 (current usage: 4096, peak usage: 8192)");
        var check = () => _m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 2048, CheckBeforeUpdate = true } });
        check.Should().Throw<OcirtException>().WithMessage("linux.resources.memory.limit: rejecting memory limit 2048 <= usage 4096 (checkBeforeUpdate)");
    }

    [Fact]
    public void Swappiness_out_of_range_is_refused()
    {
        var act = () => _m.Apply(new LinuxResources { Memory = new LinuxMemory { Swappiness = 101 } });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.memory.swappiness: 101 is out of range (0-100)");
    }

    [Fact]
    public void Cpu_writes_shares_period_burst_quota_idle_realtime_and_cpuset()
    {
        _m.Apply(new LinuxResources
        {
            Cpu = new LinuxCpu { Shares = 512, Period = 50000, Quota = 25000, Burst = 1000, Idle = 0, RealtimePeriod = 900000, RealtimeRuntime = 1000, Cpus = "1", Mems = "0" },
        });
        _tree.Writes.Should().Equal(
            ("cpuset/ocirt/c1/cpuset.cpus", "1"),
            ("cpuset/ocirt/c1/cpuset.mems", "0"),
            ("cpu,cpuacct/ocirt/c1/cpu.shares", "512"),
            ("cpu,cpuacct/ocirt/c1/cpu.cfs_period_us", "50000"),
            ("cpu,cpuacct/ocirt/c1/cpu.cfs_burst_us", "1000"),
            ("cpu,cpuacct/ocirt/c1/cpu.cfs_quota_us", "25000"),
            ("cpu,cpuacct/ocirt/c1/cpu.idle", "0"),
            ("cpu,cpuacct/ocirt/c1/cpu.rt_period_us", "900000"),
            ("cpu,cpuacct/ocirt/c1/cpu.rt_runtime_us", "1000"));
    }

    [Fact]
    public void Period_refused_before_the_quota_is_written_again_after_it()
    {
        _tree.FailingWrites["cpu,cpuacct/ocirt/c1/cpu.cfs_period_us"] = Errno.EINVAL;
        var act = () => _m.Apply(new LinuxResources { Cpu = new LinuxCpu { Period = 1000, Quota = 500 } });
        // The second period write fails again here (the fake keeps refusing): the error names the field.
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.cpu.period: writing \"1000\" to *cpu.cfs_period_us: *");
        _tree.Writes.Should().Equal(("cpu,cpuacct/ocirt/c1/cpu.cfs_quota_us", "500"));
    }

    [Fact]
    public void Shares_the_kernel_clamps_are_an_error()
    {
        _tree.OnWrite["cpu,cpuacct/ocirt/c1/cpu.shares"] = _ => "262144\n";
        var act = () => _m.Apply(new LinuxResources { Cpu = new LinuxCpu { Shares = 1_000_000 } });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.cpu.shares: 1000000 is out of range: the maximum allowed is 262144");
    }

    [Theory]
    [InlineData(100L, "100")]
    [InlineData(0L, "1")]
    [InlineData(-1L, "max")]
    public void Pids_limit_as_runc(long limit, string written)
    {
        _m.Apply(new LinuxResources { Pids = new LinuxPids { Limit = limit } });
        _tree.Writes.Should().Equal(("pids/ocirt/c1/pids.max", written));
    }

    [Fact]
    public void BlockIO_uses_bfq_files_without_cfq_and_writes_each_throttle()
    {
        _m.Apply(new LinuxResources
        {
            BlockIO = new LinuxBlockIO
            {
                Weight = 300,
                WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 500 }],
                ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 1048576 }],
                ThrottleWriteIopsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 16, Rate = 100 }],
            },
        });
        _tree.Writes.Should().Equal(
            ("blkio/ocirt/c1/blkio.bfq.weight", "300"),
            ("blkio/ocirt/c1/blkio.bfq.weight_device", "8:0 500"),
            ("blkio/ocirt/c1/blkio.throttle.read_bps_device", "8:0 1048576"),
            ("blkio/ocirt/c1/blkio.throttle.write_iops_device", "8:16 100"));
        var leaf = () => _m.Apply(new LinuxResources { BlockIO = new LinuxBlockIO { LeafWeight = 10 } });
        leaf.Should().Throw<OcirtException>().WithMessage("linux.resources.blockIO.leafWeight: cannot be set: *blkio.leaf_weight does not exist (only CFQ has leaf weights)");
    }

    [Fact]
    public void Hugetlb_limits_and_reservations_and_unknown_sizes()
    {
        _m.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4194304 }] });
        _tree.Writes.Should().Equal(("hugetlb/ocirt/c1/hugetlb.2MB.limit_in_bytes", "4194304"), ("hugetlb/ocirt/c1/hugetlb.2MB.rsvd.limit_in_bytes", "4194304"));
        var act = () => _m.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "3MB", Limit = 1 }] });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.hugepageLimits[0].pageSize: \"3MB\" is not a huge page size of this host: *(sizes: 2MB)");
    }

    [Fact]
    public void Network_and_rdma()
    {
        _m.Apply(new LinuxResources
        {
            Network = new LinuxNetwork { ClassId = 0x100001, Priorities = [new LinuxInterfacePriority { Name = "eth0", Priority = 5 }] },
            Rdma = new() { ["mlx5_1"] = new LinuxRdma { HcaHandles = 3 }, ["mlx4_0"] = new LinuxRdma { HcaHandles = 2, HcaObjects = 100 } },
        });
        _tree.Writes.Should().Equal(
            ("net_cls,net_prio/ocirt/c1/net_cls.classid", "1048577"),
            ("net_cls,net_prio/ocirt/c1/net_prio.ifpriomap", "eth0 5"),
            ("rdma/ocirt/c1/rdma.max", "mlx4_0 hca_handle=2 hca_object=100"),
            ("rdma/ocirt/c1/rdma.max", "mlx5_1 hca_handle=3"));
    }

    [Fact]
    public void Devices_on_a_fresh_cgroup_deny_all_then_allow()
    {
        _m.Apply(new LinuxResources { Devices = DeviceRules.WithRuncDefaults([new LinuxDeviceCgroup { Allow = false, Access = "rwm" }], null) });
        _tree.Writes[0].Should().Be(("devices/ocirt/c1/devices.deny", "a *:* rwm"));
        _tree.WritesTo("devices/ocirt/c1/devices.allow").Should().Equal(
            "c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm", "c 1:5 rwm", "c 1:9 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm");
    }

    [Fact]
    public void Unified_keys_are_refused_on_v1_by_name()
    {
        var act = () => _m.Apply(new LinuxResources { Unified = new() { ["memory.high"] = "1G" } });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.unified.\"memory.high\": cannot be set: unified keys need cgroup v2*");
    }

    [Fact]
    public void A_resource_of_an_unmounted_controller_names_field_and_controller()
    {
        using var tree = new FakeCgroupTree();
        tree.Dir("memory", [.. KernelFiles.Common, .. KernelFiles.V1("memory")]);
        var host = CgroupHost.Parse($"30 25 0:27 / {tree.Root}/memory rw - cgroup cgroup rw,memory\n", "3:memory:/\n", []);
        var m = CgroupManagers.Open(new CgroupRequest("c1", "/c1"), host, tree);
        m.Create();
        var act = () => m.Apply(new LinuxResources { Pids = new LinuxPids { Limit = 5 } });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.pids.limit: cannot be set: the pids cgroup controller is not mounted on this host");
        var pause = () => m.Freeze();
        pause.Should().Throw<OcirtException>().WithMessage("*cannot pause: the freezer cgroup controller is not mounted*");
    }

    [Fact]
    public void Every_hierarchy_is_joined_through_its_tasks_file_and_freeze_thaw_use_the_freezer()
    {
        _tree.OnWrite["freezer/ocirt/c1/freezer.state"] = v =>
        {
            File.WriteAllText(_tree.P("freezer/ocirt/c1/freezer.self_freezing"), v == "FROZEN" ? "1\n" : "0\n");
            return v + "\n";
        };
        _m.JoinFiles.Should().HaveCount(12).And.OnlyContain(f => f.EndsWith("/ocirt/c1/tasks", StringComparison.Ordinal));
        File.WriteAllText(_tree.P("freezer/ocirt/c1/cgroup.procs"), "4242\n");
        _m.Pids().Should().Equal(4242);
        _m.IsFrozen.Should().BeFalse();
        _m.Freeze();
        _m.IsFrozen.Should().BeTrue();
        _m.Thaw();
        _m.IsFrozen.Should().BeFalse();
        _tree.WritesTo("freezer/ocirt/c1/freezer.state").Should().Equal("FROZEN", "THAWED");
    }

    [Fact]
    public void Frozen_only_because_of_a_parent_is_not_paused()
    {
        File.WriteAllText(_tree.P("freezer/ocirt/c1/freezer.state"), "FROZEN\n");
        File.WriteAllText(_tree.P("freezer/ocirt/c1/freezer.self_freezing"), "0\n");
        _m.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public void Destroy_removes_sub_cgroups_leaves_and_created_parents_and_nothing_else()
    {
        Directory.CreateDirectory(_tree.P("memory/ocirt/c1/sub"));
        Directory.CreateDirectory(_tree.P("pids/ocirt/other"));
        _m.Destroy();
        Directory.Exists(_tree.P("memory/ocirt")).Should().BeFalse();
        Directory.Exists(_tree.P("pids/ocirt/c1")).Should().BeFalse();
        Directory.Exists(_tree.P("pids/ocirt/other")).Should().BeTrue("a parent shared with another cgroup stays");
        Directory.Exists(_tree.P("memory")).Should().BeTrue();
    }

    [Fact]
    public void Destroy_of_a_busy_cgroup_retries_then_names_it()
    {
        File.WriteAllText(_tree.P("memory/ocirt/c1/cgroup.procs"), "1\n");
        var act = () => _m.Destroy();
        act.Should().Throw<OcirtException>().WithMessage($"cgroups: removing {_tree.P("memory/ocirt/c1")}: *");
        Directory.Exists(_tree.P("pids/ocirt/c1")).Should().BeFalse("the other hierarchies are still cleaned");
    }

    [Fact]
    public void Stats_in_runcs_shape()
    {
        var stats = _m.Stats();
        stats.Cpu.Usage!.Total.Should().Be(123456);
        stats.Cpu.Usage.User.Should().Be(50_000_000);
        stats.Cpu.Usage.Kernel.Should().Be(70_000_000);
        stats.Cpu.Usage.Percpu.Should().Equal(100UL, 200UL);
        stats.Cpu.Usage.PercpuUser.Should().Equal(60UL, 150UL);
        stats.Cpu.Throttling!.ThrottledPeriods.Should().Be(3);
        stats.Memory.Cache.Should().Be(100);
        stats.Memory.Usage!.Usage.Should().Be(4096);
        stats.Memory.Usage.Max.Should().Be(8192);
        stats.Memory.Swap!.Limit.Should().Be(9223372036854771712);
        stats.Pids.Current.Should().Be(3);
        stats.Pids.Limit.Should().Be(0);
        stats.Blkio.IoServiceBytesRecursive.Should().HaveCount(2);
        stats.Blkio.IoServiceBytesRecursive![1].Op.Should().Be("Write");
        stats.Hugetlb["2MB"].Usage.Should().Be(2097152);
        stats.Hugetlb["2MB"].Failcnt.Should().Be(1);

        var json = JsonSerializer.Serialize(stats, CgroupJsonContext.Default.CgroupStats);
        json.Should().Contain("\"throttling\":{\"periods\":10,\"throttledPeriods\":3,\"throttledTime\":5000}")
            .And.Contain("\"pids\":{\"current\":3}")
            .And.Contain("\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":4096}")
            .And.Contain("\"hugetlb\":{\"2MB\":{\"usage\":2097152,\"max\":4194304,\"failcnt\":1}}")
            .And.NotContain("kernelTCP");
    }

    [Fact]
    public void Oom_kill_count_comes_from_memory_oom_control()
    {
        File.WriteAllText(_tree.P("memory/ocirt/c1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        _m.OomKillCount().Should().Be(2);
    }
}
