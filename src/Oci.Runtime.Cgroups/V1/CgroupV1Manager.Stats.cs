namespace Oci.Runtime.Cgroups.V1;

/// <summary>Stats from the v1 files, as runc's fs subsystems read them. A controller that
/// is not mounted, or a file the kernel does not have, leaves its part empty.</summary>
internal sealed partial class CgroupV1Manager
{
    /// <summary>cpuacct.stat counts USER_HZ ticks, which is 100 on every Linux ABI.</summary>
    private const ulong NanosPerTick = 1_000_000_000 / 100;

    public CgroupStats Stats()
    {
        var stats = new CgroupStats();
        if (DirOf("cpu") is { } cpu) CpuStats(cpu, stats);
        if (DirOf("cpuacct") is { } cpuacct) CpuacctStats(cpuacct, stats);
        if (DirOf("memory") is { } memory) MemoryStats(memory, stats);
        if (DirOf("pids") is { } pids && _files.TryReadUInt(pids, "pids.current") is { } current)
        {
            stats.Pids.Current = current;
            ulong max = _files.TryReadUInt(pids, "pids.max") ?? 0;
            stats.Pids.Limit = max == ulong.MaxValue ? 0 : max;
        }
        if (DirOf("blkio") is { } blkio) BlkioStats(blkio, stats.Blkio);
        if (DirOf("hugetlb") is { } hugetlb) HugetlbStats(hugetlb, stats);
        return stats.Finish();
    }

    private void CpuStats(string dir, CgroupStats stats)
    {
        if (_files.TryRead(dir, "cpu.stat") is not { } text) return;
        var v = CgroupFiles.ParseKeyValues(text, CgroupPath.Join(dir, "cpu.stat"));
        var t = stats.Cpu.Throttling!;
        t.Periods = v.GetValueOrDefault("nr_periods");
        t.ThrottledPeriods = v.GetValueOrDefault("nr_throttled");
        t.ThrottledTime = v.GetValueOrDefault("throttled_time");
    }

    private void CpuacctStats(string dir, CgroupStats stats)
    {
        var u = stats.Cpu.Usage!;
        if (_files.TryReadUInt(dir, "cpuacct.usage") is { } total) u.Total = total;
        if (_files.TryRead(dir, "cpuacct.stat") is { } stat)
        {
            var v = CgroupFiles.ParseKeyValues(stat, CgroupPath.Join(dir, "cpuacct.stat"));
            u.User = v.GetValueOrDefault("user") * NanosPerTick;
            u.Kernel = v.GetValueOrDefault("system") * NanosPerTick;
        }
        if (_files.TryRead(dir, "cpuacct.usage_percpu") is { } percpu)
            u.Percpu = [.. percpu.Split(' ', '\n').Where(s => s.Length > 0).Select(s => CgroupFiles.ParseUInt(s, dir))];
        // "cpu user system" header, then one line per CPU (kernel ≥ 4.7).
        if (_files.TryRead(dir, "cpuacct.usage_all") is { } all)
        {
            var lines = all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ')).Where(f => f.Length >= 3).ToList();
            u.PercpuUser = [.. lines.Select(f => CgroupFiles.ParseUInt(f[1], dir))];
            u.PercpuKernel = [.. lines.Select(f => CgroupFiles.ParseUInt(f[2], dir))];
        }
    }

    private void MemoryStats(string dir, CgroupStats stats)
    {
        if (_files.TryRead(dir, "memory.stat") is not { } text) return;
        var raw = CgroupFiles.ParseKeyValues(text, CgroupPath.Join(dir, "memory.stat"));
        stats.Memory.Raw = raw;
        stats.Memory.Cache = raw.GetValueOrDefault("cache");
        stats.Memory.Usage = MemoryEntry(dir, "memory");
        stats.Memory.Swap = MemoryEntry(dir, "memory.memsw");
        stats.Memory.Kernel = MemoryEntry(dir, "memory.kmem");
        stats.Memory.KernelTcp = MemoryEntry(dir, "memory.kmem.tcp");
    }

    private MemoryEntry? MemoryEntry(string dir, string prefix)
    {
        if (_files.TryReadUInt(dir, prefix + ".usage_in_bytes") is not { } usage) return null;
        return new MemoryEntry
        {
            Usage = usage,
            Max = _files.TryReadUInt(dir, prefix + ".max_usage_in_bytes") ?? 0,
            Failcnt = _files.TryReadUInt(dir, prefix + ".failcnt") ?? 0,
            Limit = _files.TryReadUInt(dir, prefix + ".limit_in_bytes") ?? 0,
        };
    }

    /// <summary>runc tries, in order, the BFQ debug files, BFQ's, CFQ's, the recursive
    /// throttle files and the plain throttle files, using the first set the kernel has.</summary>
    private static readonly (string File, Func<BlkioStats, List<BlkioEntry>?, List<BlkioEntry>?> Set)[][] BlkioSources =
    [
        [
            ("blkio.bfq.sectors_recursive", (s, e) => s.SectorsRecursive = e),
            ("blkio.bfq.io_service_time_recursive", (s, e) => s.IoServiceTimeRecursive = e),
            ("blkio.bfq.io_wait_time_recursive", (s, e) => s.IoWaitTimeRecursive = e),
            ("blkio.bfq.io_merged_recursive", (s, e) => s.IoMergedRecursive = e),
            ("blkio.bfq.io_queued_recursive", (s, e) => s.IoQueuedRecursive = e),
            ("blkio.bfq.time_recursive", (s, e) => s.IoTimeRecursive = e),
            ("blkio.bfq.io_serviced_recursive", (s, e) => s.IoServicedRecursive = e),
            ("blkio.bfq.io_service_bytes_recursive", (s, e) => s.IoServiceBytesRecursive = e),
        ],
        [
            ("blkio.bfq.io_serviced_recursive", (s, e) => s.IoServicedRecursive = e),
            ("blkio.bfq.io_service_bytes_recursive", (s, e) => s.IoServiceBytesRecursive = e),
        ],
        [
            ("blkio.sectors_recursive", (s, e) => s.SectorsRecursive = e),
            ("blkio.io_service_time_recursive", (s, e) => s.IoServiceTimeRecursive = e),
            ("blkio.io_wait_time_recursive", (s, e) => s.IoWaitTimeRecursive = e),
            ("blkio.io_merged_recursive", (s, e) => s.IoMergedRecursive = e),
            ("blkio.io_queued_recursive", (s, e) => s.IoQueuedRecursive = e),
            ("blkio.time_recursive", (s, e) => s.IoTimeRecursive = e),
            ("blkio.io_serviced_recursive", (s, e) => s.IoServicedRecursive = e),
            ("blkio.io_service_bytes_recursive", (s, e) => s.IoServiceBytesRecursive = e),
        ],
        [
            ("blkio.throttle.io_serviced_recursive", (s, e) => s.IoServicedRecursive = e),
            ("blkio.throttle.io_service_bytes_recursive", (s, e) => s.IoServiceBytesRecursive = e),
        ],
        [
            ("blkio.throttle.io_serviced", (s, e) => s.IoServicedRecursive = e),
            ("blkio.throttle.io_service_bytes", (s, e) => s.IoServiceBytesRecursive = e),
        ],
    ];

    private void BlkioStats(string dir, BlkioStats stats)
    {
        foreach (var group in BlkioSources)
        {
            if (!_files.Exists(dir, group[0].File)) continue;
            foreach (var (file, set) in group) set(stats, ParseBlkio(dir, file));
            return;
        }
    }

    /// <summary>"8:0 Read 1282048" lines (or "8:0 6792" for sectors); the "Total N" line is skipped.</summary>
    private List<BlkioEntry>? ParseBlkio(string dir, string file)
    {
        if (_files.TryRead(dir, file) is not { } text) return null;
        var entries = new List<BlkioEntry>();
        string path = CgroupPath.Join(dir, file);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 2 && f[0] == "Total") continue;
            if (f.Length is not (3 or 4)) throw new Spec.OcirtException($"cgroups: {path}: malformed line \"{line}\"");
            entries.Add(new BlkioEntry
            {
                Major = CgroupFiles.ParseUInt(f[0], path),
                Minor = CgroupFiles.ParseUInt(f[1], path),
                Op = f.Length == 4 ? f[2] : null,
                Value = CgroupFiles.ParseUInt(f[^1], path),
            });
        }
        return entries.Count > 0 ? entries : null;
    }

    private void HugetlbStats(string dir, CgroupStats stats)
    {
        foreach (var size in _host.HugePageSizes)
        {
            // The .rsvd files (kernel ≥ 5.7) count reservations too, which is what is limited.
            string prefix = _files.Exists(dir, $"hugetlb.{size}.rsvd.usage_in_bytes") ? $"hugetlb.{size}.rsvd" : $"hugetlb.{size}";
            if (_files.TryReadUInt(dir, prefix + ".usage_in_bytes") is not { } usage) continue;
            stats.Hugetlb[size] = new HugetlbStats
            {
                Usage = usage,
                Max = _files.TryReadUInt(dir, prefix + ".max_usage_in_bytes") ?? 0,
                Failcnt = _files.TryReadUInt(dir, prefix + ".failcnt") ?? 0,
            };
        }
    }
}
