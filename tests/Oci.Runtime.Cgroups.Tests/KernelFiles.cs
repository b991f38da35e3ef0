namespace Oci.Runtime.Cgroups.Tests;

/// <summary>Root control files per controller, as the kernel shows them (values trimmed to
/// what the managers read), to populate fake hierarchies.</summary>
public static class KernelFiles
{
    public static readonly (string, string)[] Common = [("cgroup.procs", ""), ("tasks", "")];

    public static (string, string)[] V1(string controller) => controller switch
    {
        "memory" =>
        [
            ("memory.limit_in_bytes", "9223372036854771712\n"), ("memory.memsw.limit_in_bytes", "9223372036854771712\n"),
            ("memory.soft_limit_in_bytes", "9223372036854771712\n"), ("memory.swappiness", "60\n"),
            ("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n"),
            ("memory.usage_in_bytes", "4096\n"), ("memory.max_usage_in_bytes", "8192\n"), ("memory.failcnt", "0\n"),
            ("memory.memsw.usage_in_bytes", "4096\n"), ("memory.memsw.max_usage_in_bytes", "8192\n"), ("memory.memsw.failcnt", "0\n"),
            ("memory.stat", "cache 100\nrss 200\n"),
        ],
        "cpu" =>
        [
            ("cpu.shares", "1024\n"), ("cpu.cfs_period_us", "100000\n"), ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_burst_us", "0\n"),
            ("cpu.idle", "0\n"), ("cpu.rt_period_us", "1000000\n"), ("cpu.rt_runtime_us", "0\n"),
            ("cpu.stat", "nr_periods 10\nnr_throttled 3\nthrottled_time 5000\n"),
        ],
        "cpuacct" =>
        [
            ("cpuacct.usage", "123456\n"), ("cpuacct.stat", "user 5\nsystem 7\n"), ("cpuacct.usage_percpu", "100 200 \n"),
            ("cpuacct.usage_all", "cpu user system\n0 60 40\n1 150 50\n"),
        ],
        "cpuset" => [("cpuset.cpus", "0-1\n"), ("cpuset.mems", "0\n")],
        "pids" => [("pids.max", "max\n"), ("pids.current", "3\n")],
        "devices" => [("devices.allow", ""), ("devices.deny", ""), ("devices.list", "a *:* rwm\n")],
        "freezer" => [("freezer.state", "THAWED\n"), ("freezer.self_freezing", "0\n")],
        "blkio" =>
        [
            ("blkio.bfq.weight", "100\n"), ("blkio.bfq.weight_device", ""),
            ("blkio.throttle.read_bps_device", ""), ("blkio.throttle.write_bps_device", ""),
            ("blkio.throttle.read_iops_device", ""), ("blkio.throttle.write_iops_device", ""),
            ("blkio.throttle.io_serviced_recursive", "8:0 Read 10\n8:0 Write 20\nTotal 30\n"),
            ("blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n"),
        ],
        "hugetlb" =>
        [
            ("hugetlb.2MB.limit_in_bytes", "9223372036854771712\n"), ("hugetlb.2MB.rsvd.limit_in_bytes", "9223372036854771712\n"),
            ("hugetlb.2MB.usage_in_bytes", "0\n"), ("hugetlb.2MB.rsvd.usage_in_bytes", "2097152\n"),
            ("hugetlb.2MB.rsvd.max_usage_in_bytes", "4194304\n"), ("hugetlb.2MB.rsvd.failcnt", "1\n"),
        ],
        "net_cls" => [("net_cls.classid", "0\n")],
        "net_prio" => [("net_prio.ifpriomap", "lo 0\n")],
        "rdma" => [("rdma.max", "")],
        _ => [],
    };

    public static readonly (string, string)[] V2Root =
    [
        ("cgroup.procs", ""), ("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n"),
        ("cgroup.subtree_control", ""), ("cgroup.freeze", "0\n"), ("cgroup.events", "populated 0\nfrozen 0\n"), ("cgroup.kill", ""),
        ("cpu.weight", "100\n"), ("cpu.max", "max 100000\n"), ("cpu.max.burst", "0\n"), ("cpu.idle", "0\n"),
        ("cpu.stat", "usage_usec 1000\nuser_usec 600\nsystem_usec 400\nnr_periods 5\nnr_throttled 2\nthrottled_usec 30\n"),
        ("cpuset.cpus", ""), ("cpuset.mems", ""),
        ("memory.max", "max\n"), ("memory.low", "0\n"), ("memory.swap.max", "max\n"), ("memory.current", "4096\n"),
        ("memory.peak", "8192\n"), ("memory.swap.current", "1024\n"), ("memory.stat", "anon 100\nfile 300\n"),
        ("memory.events", "low 0\nhigh 0\nmax 2\noom 1\noom_kill 1\n"), ("memory.high", "max\n"),
        ("io.weight", "default 100\n"), ("io.max", ""), ("io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"),
        ("pids.max", "max\n"), ("pids.current", "2\n"),
        ("hugetlb.2MB.max", "max\n"), ("hugetlb.2MB.rsvd.max", "max\n"), ("hugetlb.2MB.current", "0\n"),
        ("hugetlb.2MB.rsvd.current", "2097152\n"), ("hugetlb.2MB.events", "max 4\n"),
        ("rdma.max", ""),
    ];
}
