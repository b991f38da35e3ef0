namespace Oci.Runtime.Cgroups.V2;

/// <summary>Stats from the v2 files, as runc's fs2 reads them, in runc's (v1-shaped) units:
/// microseconds become nanoseconds, and "swap" is memory plus swap.</summary>
internal sealed partial class CgroupV2Manager
{
    public CgroupStats Stats()
    {
        var stats = new CgroupStats();
        PidsStats(stats);
        MemoryStats(stats);
        IoStats(stats);
        CpuStats(stats);
        foreach (var size in _host.HugePageSizes)
        {
            string prefix = $"hugetlb.{size}";
            // runc reports the rsvd counter when there is one: it is the one the limit binds.
            if ((_files.TryReadUInt(_dir, prefix + ".rsvd.current") ?? _files.TryReadUInt(_dir, prefix + ".current")) is not { } usage) continue;
            var events = _files.TryRead(_dir, prefix + ".events") is { } text ? CgroupFiles.ParseKeyValues(text, prefix + ".events") : [];
            stats.Hugetlb[size] = new HugetlbStats { Usage = usage, Failcnt = events.GetValueOrDefault("max") };
        }
        return stats.Finish();
    }

    private void PidsStats(CgroupStats stats)
    {
        if (_files.TryReadUInt(_dir, "pids.current") is { } current)
        {
            stats.Pids.Current = current;
            ulong max = _files.TryReadUInt(_dir, "pids.max") ?? 0;
            stats.Pids.Limit = max == ulong.MaxValue ? 0 : max;
        }
        // Without the pids controller enabled here, count cgroup.procs (runc does too).
        else if (_files.TryRead(_dir, "cgroup.procs") is { } procs)
            stats.Pids.Current = (ulong)procs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private void MemoryStats(CgroupStats stats)
    {
        if (_files.TryRead(_dir, "memory.stat") is not { } text) return;
        var raw = CgroupFiles.ParseKeyValues(text, CgroupPath.Join(_dir, "memory.stat"));
        stats.Memory.Raw = raw;
        stats.Memory.Cache = raw.GetValueOrDefault("file");
        if (_files.TryReadUInt(_dir, "memory.current") is not { } usage) return;
        var memory = new MemoryEntry
        {
            Usage = usage,
            Limit = _files.TryReadUInt(_dir, "memory.max") ?? 0,
            Max = _files.TryReadUInt(_dir, "memory.peak") ?? 0,
        };
        stats.Memory.Usage = memory;
        if (_files.TryReadUInt(_dir, "memory.swap.current") is { } swapUsage)
        {
            ulong swapLimit = _files.TryReadUInt(_dir, "memory.swap.max") ?? 0;
            stats.Memory.Swap = new MemoryEntry
            {
                Usage = swapUsage + memory.Usage,
                Limit = swapLimit == ulong.MaxValue ? swapLimit : swapLimit + memory.Limit,
            };
        }
    }

    /// <summary>io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0".</summary>
    private void IoStats(CgroupStats stats)
    {
        if (_files.TryRead(_dir, "io.stat") is not { } text) return;
        string path = CgroupPath.Join(_dir, "io.stat");
        var bytes = new List<BlkioEntry>();
        var ios = new List<BlkioEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var dev = fields[0].Split(':');
            if (dev.Length != 2) continue;
            ulong major = CgroupFiles.ParseUInt(dev[0], path), minor = CgroupFiles.ParseUInt(dev[1], path);
            foreach (var item in fields.Skip(1))
            {
                var kv = item.Split('=');
                if (kv.Length != 2) continue;
                var (list, op) = kv[0] switch
                {
                    "rbytes" => (bytes, "Read"),
                    "wbytes" => (bytes, "Write"),
                    "rios" => (ios, "Read"),
                    "wios" => (ios, "Write"),
                    _ => (null, null),
                };
                list?.Add(new BlkioEntry { Major = major, Minor = minor, Op = op, Value = CgroupFiles.ParseUInt(kv[1], path) });
            }
        }
        stats.Blkio.IoServiceBytesRecursive = bytes.Count > 0 ? bytes : null;
        stats.Blkio.IoServicedRecursive = ios.Count > 0 ? ios : null;
    }

    private void CpuStats(CgroupStats stats)
    {
        if (_files.TryRead(_dir, "cpu.stat") is not { } text) return;
        var v = CgroupFiles.ParseKeyValues(text, CgroupPath.Join(_dir, "cpu.stat"));
        var u = stats.Cpu.Usage!;
        u.Total = v.GetValueOrDefault("usage_usec") * 1000;
        u.User = v.GetValueOrDefault("user_usec") * 1000;
        u.Kernel = v.GetValueOrDefault("system_usec") * 1000;
        var t = stats.Cpu.Throttling!;
        t.Periods = v.GetValueOrDefault("nr_periods");
        t.ThrottledPeriods = v.GetValueOrDefault("nr_throttled");
        t.ThrottledTime = v.GetValueOrDefault("throttled_usec") * 1000;
    }
}
