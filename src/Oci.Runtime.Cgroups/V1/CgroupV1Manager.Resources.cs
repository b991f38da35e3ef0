using System.Globalization;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V1;

/// <summary>linux.resources on cgroup v1, controller by controller in runc's order (cpuset,
/// devices, memory, cpu, pids, blkio, hugetlb, net_cls, net_prio, rdma).</summary>
internal sealed partial class CgroupV1Manager
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string S(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    public void Apply(LinuxResources r)
    {
        if (r.Unified is { Count: > 0 } unified)
            throw new OcirtException($"linux.resources.unified.\"{unified.Keys.First()}\": cannot be set: unified keys need cgroup v2, and this host's controllers are cgroup v1 ({Mode.ToString().ToLowerInvariant()})");
        ApplyCpuset(r.Cpu);
        if (r.Devices is not null) ApplyDevices(r.Devices);
        if (r.Memory is not null) ApplyMemory(r.Memory);
        ResourceWarnings.Warn(r, _log, kernelTcpWritten: ApplyKernelTcp(r.Memory?.KernelTcp));
        if (r.Cpu is not null) ApplyCpu(r.Cpu);
        if (r.Pids?.Limit is { } pids)
            _files.Write("linux.resources.pids.limit", Require("pids", "linux.resources.pids.limit"), "pids.max", PidsMax(pids));
        if (r.BlockIO is not null) ApplyBlockIO(r.BlockIO);
        if (r.HugepageLimits is { Count: > 0 } huge) ApplyHugepages(huge);
        if (r.Network is not null) ApplyNetwork(r.Network);
        if (r.Rdma is { Count: > 0 } rdma)
        {
            string dir = Require("rdma", "linux.resources.rdma");
            foreach (var (device, limits) in rdma.OrderBy(d => d.Key, StringComparer.Ordinal))
                _files.Write($"linux.resources.rdma.\"{device}\"", dir, "rdma.max", RdmaLine(device, limits));
        }
    }

    /// <summary>As runc: 0 is taken as "1" (no new task at all), negative as unlimited.</summary>
    internal static string PidsMax(long limit) => limit > 0 ? S(limit) : limit == 0 ? "1" : "max";

    internal static string RdmaLine(string device, LinuxRdma limits) =>
        device + (limits.HcaHandles is { } h ? $" hca_handle={h}" : "") + (limits.HcaObjects is { } o ? $" hca_object={o}" : "");

    private void ApplyCpuset(LinuxCpu? cpu)
    {
        if (!string.IsNullOrEmpty(cpu?.Cpus))
            _files.Write("linux.resources.cpu.cpus", Require("cpuset", "linux.resources.cpu.cpus"), "cpuset.cpus", cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu?.Mems))
            _files.Write("linux.resources.cpu.mems", Require("cpuset", "linux.resources.cpu.mems"), "cpuset.mems", cpu.Mems);
    }

    /// <summary>Writes only the difference between devices.list and the wanted rules; from a
    /// fresh (allow-all) cgroup that is "a *:* rwm" to devices.deny, then each allow rule.</summary>
    private void ApplyDevices(IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        const string field = "linux.resources.devices";
        string dir = Require("devices", field);
        var target = DeviceEmulator.FromRules(DeviceRules.FromSpec(rules));
        var current = DeviceEmulator.FromList(_files.Read(field, dir, "devices.list"), CgroupPath.Join(dir, "devices.list"));
        foreach (var rule in current.TransitionTo(target))
            _files.Write(field, dir, rule.Allow ? "devices.allow" : "devices.deny", rule.ToCgroupString());
    }

    /// <summary>memory.kernelTCP into memory.kmem.tcp.limit_in_bytes, which v1 kernels still
    /// have (unlike the kmem limit itself), as crun writes it; false when the file is gone.</summary>
    private bool ApplyKernelTcp(long? limit)
    {
        if (limit is not { } bytes || DirOf("memory") is not { } dir || !_files.Exists(dir, "memory.kmem.tcp.limit_in_bytes"))
            return false;
        _files.Write("linux.resources.memory.kernelTCP", dir, "memory.kmem.tcp.limit_in_bytes", S(bytes));
        return true;
    }

    private void ApplyMemory(LinuxMemory m)
    {
        const string prefix = "linux.resources.memory";
        bool any = m.Limit is not null || m.Swap is not null || m.Reservation is not null
            || m.DisableOomKiller == true || m.Swappiness is not null and not ulong.MaxValue;
        if (!any) return;
        string dir = Require("memory", prefix);
        long limit = m.Limit ?? 0, swap = m.Swap ?? 0;

        if (m.CheckBeforeUpdate == true) CheckBeforeUpdate(dir, limit, swap);

        // runc: an unlimited memory limit with no swap setting lifts the swap limit too, or the
        // old memsw limit would still cap memory.
        if (limit == -1 && swap == 0 && _files.Exists(dir, "memory.memsw.limit_in_bytes")) swap = -1;
        // memsw must stay >= the memory limit at every step: raise memsw first when it grows.
        bool swapFirst = false;
        if (limit != 0 && swap != 0)
        {
            ulong current = _files.ReadUInt($"{prefix}.limit", dir, "memory.limit_in_bytes");
            swapFirst = swap == -1 || current < (ulong)swap;
        }
        if (swapFirst)
        {
            SetSwap(dir, swap);
            SetLimit(dir, limit);
        }
        else
        {
            SetLimit(dir, limit);
            SetSwap(dir, swap);
        }

        if (m.Reservation is { } reservation and not 0)
            _files.Write($"{prefix}.reservation", dir, "memory.soft_limit_in_bytes", S(reservation));
        if (m.DisableOomKiller == true)
            _files.Write($"{prefix}.disableOOMKiller", dir, "memory.oom_control", "1");
        // Go reads -1 into the uint64 as the largest value: runc treats it as unset.
        if (m.Swappiness is { } swappiness and not ulong.MaxValue)
        {
            if (swappiness > 100)
                throw new OcirtException($"{prefix}.swappiness: {swappiness} is out of range (0-100)");
            _files.Write($"{prefix}.swappiness", dir, "memory.swappiness", S(swappiness));
        }
    }

    private void SetLimit(string dir, long limit)
    {
        if (limit == 0) return;
        const string field = "linux.resources.memory.limit";
        try
        {
            _fs.WriteFile(CgroupPath.Join(dir, "memory.limit_in_bytes"), S(limit));
        }
        catch (CgroupFsException e) when (e.Errno == Errno.EBUSY)
        {
            // The kernel could not reclaim down to the new limit.
            ulong usage = _files.ReadUInt(field, dir, "memory.usage_in_bytes");
            ulong peak = _files.ReadUInt(field, dir, "memory.max_usage_in_bytes");
            throw new OcirtException($"{field}: cannot set the memory limit to {limit} (current usage: {usage}, peak usage: {peak})", e);
        }
        catch (CgroupFsException e)
        {
            throw _files.Error(field, dir, "memory.limit_in_bytes", S(limit), e);
        }
    }

    private void SetSwap(string dir, long swap)
    {
        if (swap == 0) return;
        _files.Write("linux.resources.memory.swap", dir, "memory.memsw.limit_in_bytes", S(swap), "swap accounting off");
    }

    /// <summary>runc checks this on v2 only; on v1 the kernel would try to reclaim and might
    /// OOM-kill, so the same up-front refusal is applied, reading memory.usage_in_bytes.</summary>
    private void CheckBeforeUpdate(string dir, long limit, long swap)
    {
        if (limit <= 0 && swap <= 0) return;
        if (_files.TryReadUInt(dir, "memory.usage_in_bytes") is not { } usage) return;
        if (swap > 0 && (ulong)swap <= usage)
            throw new OcirtException($"linux.resources.memory.swap: rejecting memory+swap limit {swap} <= usage {usage} (checkBeforeUpdate)");
        if (limit > 0 && (ulong)limit <= usage)
            throw new OcirtException($"linux.resources.memory.limit: rejecting memory limit {limit} <= usage {usage} (checkBeforeUpdate)");
    }

    private void ApplyCpu(LinuxCpu c)
    {
        const string prefix = "linux.resources.cpu";
        bool any = c.Shares is not null and not 0 || c.Period is not null and not 0 || c.Quota is not null and not 0
            || c.Burst is not null || c.Idle is not null || c.RealtimePeriod is not null and not 0 || c.RealtimeRuntime is not null and not 0;
        if (!any) return;
        string dir = Require("cpu", prefix);

        if (c.Shares is { } shares and not 0)
        {
            _files.Write($"{prefix}.shares", dir, "cpu.shares", S(shares));
            // The kernel clamps shares to [2, 262144] silently: read back and say so.
            ulong actual = _files.ReadUInt($"{prefix}.shares", dir, "cpu.shares");
            if (actual != shares)
                throw new OcirtException($"{prefix}.shares: {shares} is out of range: the {(shares > actual ? "maximum" : "minimum")} allowed is {actual}");
        }

        long quota = c.Quota ?? 0;
        // The kernel checks period, quota and burst against each other on every write, so a
        // write may fail (EINVAL) only because the next one has not happened yet: keep it and
        // retry after the quota, as runc does.
        string? period = null;
        if (c.Period is { } p and not 0)
        {
            period = S(p);
            if (TryWrite(dir, "cpu.cfs_period_us", period, $"{prefix}.period", retryLater: quota != 0)) period = null;
        }
        string? burst = null;
        if (c.Burst is { } b)
        {
            burst = S(b);
            if (TryWrite(dir, "cpu.cfs_burst_us", burst, $"{prefix}.burst", retryLater: quota != 0)) burst = null;
        }
        if (quota != 0)
        {
            _files.Write($"{prefix}.quota", dir, "cpu.cfs_quota_us", S(quota));
            if (period is not null) _files.Write($"{prefix}.period", dir, "cpu.cfs_period_us", period);
            if (burst is not null) _files.Write($"{prefix}.burst", dir, "cpu.cfs_burst_us", burst);
        }
        if (c.Idle is { } idle) _files.Write($"{prefix}.idle", dir, "cpu.idle", S(idle));

        // Same dance for the realtime budget: runtime must fit in the period at every step.
        string? rtPeriod = null;
        long rtRuntime = c.RealtimeRuntime ?? 0;
        if (c.RealtimePeriod is { } rp and not 0)
        {
            rtPeriod = S(rp);
            if (TryWrite(dir, "cpu.rt_period_us", rtPeriod, $"{prefix}.realtimePeriod", retryLater: rtRuntime != 0)) rtPeriod = null;
        }
        if (rtRuntime != 0)
        {
            _files.Write($"{prefix}.realtimeRuntime", dir, "cpu.rt_runtime_us", S(rtRuntime), "kernel without CONFIG_RT_GROUP_SCHED");
            if (rtPeriod is not null) _files.Write($"{prefix}.realtimePeriod", dir, "cpu.rt_period_us", rtPeriod);
        }
    }

    /// <summary>True when written; false when EINVAL may clear after a later write.</summary>
    private bool TryWrite(string dir, string file, string value, string field, bool retryLater)
    {
        try
        {
            _fs.WriteFile(CgroupPath.Join(dir, file), value);
            return true;
        }
        catch (CgroupFsException e) when (e.Errno == Errno.EINVAL && retryLater)
        {
            return false;
        }
        catch (CgroupFsException e)
        {
            throw _files.Error(field, dir, file, value, e);
        }
    }

    private void ApplyBlockIO(LinuxBlockIO io)
    {
        const string prefix = "linux.resources.blockIO";
        bool any = io.Weight is not null and not 0 || io.LeafWeight is not null and not 0 || io.WeightDevice is { Count: > 0 }
            || io.ThrottleReadBpsDevice is { Count: > 0 } || io.ThrottleWriteBpsDevice is { Count: > 0 }
            || io.ThrottleReadIopsDevice is { Count: > 0 } || io.ThrottleWriteIopsDevice is { Count: > 0 };
        if (!any) return;
        string dir = Require("blkio", prefix);
        // CFQ's blkio.weight is gone since 5.0; with BFQ the files are blkio.bfq.* (runc's detectWeightFilenames).
        bool cfq = _files.Exists(dir, "blkio.weight");
        string weightFile = cfq ? "blkio.weight" : "blkio.bfq.weight";
        string weightDeviceFile = cfq ? "blkio.weight_device" : "blkio.bfq.weight_device";
        const string noScheduler = "no CFQ or BFQ I/O scheduler";

        if (io.Weight is { } w and not 0) _files.Write($"{prefix}.weight", dir, weightFile, S(w), noScheduler);
        if (io.LeafWeight is { } lw and not 0) _files.Write($"{prefix}.leafWeight", dir, "blkio.leaf_weight", S(lw), "only CFQ has leaf weights");
        for (int i = 0; i < (io.WeightDevice?.Count ?? 0); i++)
        {
            var d = io.WeightDevice![i];
            if (d.Weight is { } dw and not 0)
                _files.Write($"{prefix}.weightDevice[{i}].weight", dir, weightDeviceFile, $"{d.Major}:{d.Minor} {dw}", noScheduler);
            if (d.LeafWeight is { } dlw and not 0)
                _files.Write($"{prefix}.weightDevice[{i}].leafWeight", dir, "blkio.leaf_weight_device", $"{d.Major}:{d.Minor} {dlw}", "only CFQ has leaf weights");
        }
        Throttle(dir, $"{prefix}.throttleReadBpsDevice", io.ThrottleReadBpsDevice, "blkio.throttle.read_bps_device");
        Throttle(dir, $"{prefix}.throttleWriteBpsDevice", io.ThrottleWriteBpsDevice, "blkio.throttle.write_bps_device");
        Throttle(dir, $"{prefix}.throttleReadIOPSDevice", io.ThrottleReadIopsDevice, "blkio.throttle.read_iops_device");
        Throttle(dir, $"{prefix}.throttleWriteIOPSDevice", io.ThrottleWriteIopsDevice, "blkio.throttle.write_iops_device");
    }

    private void Throttle(string dir, string field, List<LinuxThrottleDevice>? devices, string file)
    {
        for (int i = 0; i < (devices?.Count ?? 0); i++)
        {
            var d = devices![i];
            _files.Write($"{field}[{i}]", dir, file, $"{d.Major}:{d.Minor} {d.Rate}", "kernel without CONFIG_BLK_DEV_THROTTLING");
        }
    }

    /// <summary>hugetlb.SIZE.limit_in_bytes, and the .rsvd one (kernel ≥ 5.7) with the same
    /// value so reservations are capped too; a kernel without rsvd files is fine (runc).
    /// On a hybrid host whose hugetlb sits on the cgroup2 mount, the v2 files there.</summary>
    private void ApplyHugepages(List<LinuxHugepageLimit> limits)
    {
        const string prefix = "linux.resources.hugepageLimits";
        string? v1 = DirOf("hugetlb");
        string dir = v1 ?? (UnifiedHugetlb ? UnifiedPath! : Require("hugetlb", prefix));
        string suffix = v1 is not null ? ".limit_in_bytes" : ".max";
        bool rsvd = true;
        for (int i = 0; i < limits.Count; i++)
        {
            var l = limits[i];
            string file = $"hugetlb.{l.PageSize}{suffix}";
            if (!_files.Exists(dir, file))
                throw new OcirtException($"{prefix}[{i}].pageSize: \"{l.PageSize}\" is not a huge page size of this host: {CgroupPath.Join(dir, file)} does not exist (sizes: {string.Join(", ", _host.HugePageSizes)})");
            _files.Write($"{prefix}[{i}].limit", dir, file, S(l.Limit));
            string rsvdFile = $"hugetlb.{l.PageSize}.rsvd{suffix}";
            if (rsvd && _files.Exists(dir, rsvdFile)) _files.Write($"{prefix}[{i}].limit", dir, rsvdFile, S(l.Limit));
            else rsvd = false;
        }
    }

    private void ApplyNetwork(LinuxNetwork n)
    {
        const string prefix = "linux.resources.network";
        if (n.ClassId is { } classId and not 0)
            _files.Write($"{prefix}.classID", Require("net_cls", $"{prefix}.classID"), "net_cls.classid", S(classId));
        for (int i = 0; i < (n.Priorities?.Count ?? 0); i++)
        {
            var p = n.Priorities![i];
            _files.Write($"{prefix}.priorities[{i}]", Require("net_prio", $"{prefix}.priorities"), "net_prio.ifpriomap", $"{p.Name} {p.Priority}");
        }
    }
}
