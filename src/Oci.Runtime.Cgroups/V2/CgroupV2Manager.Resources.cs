using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V2;

/// <summary>linux.resources on cgroup v2, in runc's order (pids, memory, io, cpu, devices,
/// cpuset, hugetlb, rdma, unified), with runc's conversions from the v1-shaped spec values.
/// v1-only settings are refused by name, as crun does, rather than dropped.</summary>
internal sealed partial class CgroupV2Manager
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string S(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    public void Apply(LinuxResources r)
    {
        ResourceWarnings.Warn(r, _log);
        RefuseV1Only(r);
        if (r.Pids?.Limit is { } pids)
        {
            Require("pids", "linux.resources.pids.limit");
            _files.Write("linux.resources.pids.limit", _dir, "pids.max", V1.CgroupV1Manager.PidsMax(pids));
        }
        if (r.Memory is not null) ApplyMemory(r.Memory);
        if (r.BlockIO is not null) ApplyIo(r.BlockIO);
        if (r.Cpu is not null) ApplyCpu(r.Cpu);
        if (r.Devices is { Count: > 0 }) ApplyDevices(r.Devices);
        if (!string.IsNullOrEmpty(r.Cpu?.Cpus))
        {
            Require("cpuset", "linux.resources.cpu.cpus");
            _files.Write("linux.resources.cpu.cpus", _dir, "cpuset.cpus", r.Cpu.Cpus);
        }
        if (!string.IsNullOrEmpty(r.Cpu?.Mems))
        {
            Require("cpuset", "linux.resources.cpu.mems");
            _files.Write("linux.resources.cpu.mems", _dir, "cpuset.mems", r.Cpu.Mems);
        }
        if (r.HugepageLimits is { Count: > 0 } huge) ApplyHugepages(huge);
        if (r.Rdma is { Count: > 0 } rdma)
        {
            Require("rdma", "linux.resources.rdma");
            foreach (var (device, limits) in rdma.OrderBy(d => d.Key, StringComparer.Ordinal))
                _files.Write($"linux.resources.rdma.\"{device}\"", _dir, "rdma.max", V1.CgroupV1Manager.RdmaLine(device, limits));
        }
        if (r.Unified is { Count: > 0 } unified) ApplyUnified(unified);
    }

    private static void RefuseV1Only(LinuxResources r)
    {
        static OcirtException V1Only(string field, string why) => new($"{field}: cannot be set on cgroup v2: {why}");
        var m = r.Memory;
        if (m?.Swappiness is { } sw and not ulong.MaxValue) throw V1Only("linux.resources.memory.swappiness", "v2 has no per-cgroup swappiness");
        if (m?.DisableOomKiller == true) throw V1Only("linux.resources.memory.disableOOMKiller", "v2 cannot disable the OOM killer per cgroup");
        if (r.Cpu?.RealtimePeriod is not null and not 0) throw V1Only("linux.resources.cpu.realtimePeriod", "v2 has no realtime CPU budget");
        if (r.Cpu?.RealtimeRuntime is not null and not 0) throw V1Only("linux.resources.cpu.realtimeRuntime", "v2 has no realtime CPU budget");
        if (r.BlockIO?.LeafWeight is not null and not 0) throw V1Only("linux.resources.blockIO.leafWeight", "leaf weights were CFQ's, v2 has none");
        if (r.BlockIO?.WeightDevice?.Any(d => d.LeafWeight is not null and not 0) == true)
            throw V1Only("linux.resources.blockIO.weightDevice[].leafWeight", "leaf weights were CFQ's, v2 has none");
        if (r.Network?.ClassId is not null and not 0) throw V1Only("linux.resources.network.classID", "net_cls is a v1 controller");
        if (r.Network?.Priorities is { Count: > 0 }) throw V1Only("linux.resources.network.priorities", "net_prio is a v1 controller");
    }

    /// <summary>v2 has no devices controller files: the rules become an eBPF program attached
    /// to the cgroup, replacing the one an earlier Apply attached.</summary>
    private void ApplyDevices(IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var program = DeviceProgram.Encode(DeviceProgram.Compile(DeviceRules.FromSpec(rules)));
        try
        {
            _fs.ReplaceDeviceFilter(_dir, program);
        }
        catch (CgroupFsException e)
        {
            throw new OcirtException($"linux.resources.devices: {e.Message}", e);
        }
    }

    private void ApplyMemory(LinuxMemory m)
    {
        const string prefix = "linux.resources.memory";
        long limit = m.Limit ?? 0, reservation = m.Reservation ?? 0;
        long? swap = Conversions.SwapToV2(m.Swap, m.Limit, $"{prefix}.swap");
        if (limit == 0 && reservation == 0 && m.Swap is null or 0) return;
        Require("memory", prefix);

        if (m.CheckBeforeUpdate == true && _files.TryReadUInt(_dir, "memory.current") is { } usage)
        {
            if (m.Swap is > 0 and var s && (ulong)s <= usage)
                throw new OcirtException($"{prefix}.swap: rejecting memory+swap limit {s} <= usage {usage} (checkBeforeUpdate)");
            if (limit > 0 && (ulong)limit <= usage)
                throw new OcirtException($"{prefix}.limit: rejecting memory limit {limit} <= usage {usage} (checkBeforeUpdate)");
        }

        // Swap first, as runc: memory.swap.max is independent of memory.max on v2. A kernel
        // without swap accounting has no memory.swap.max; that only matters when the value
        // would limit something (not "max", not 0 = no swap when there is none anyway).
        if (swap is { } sv)
        {
            string value = sv == -1 ? "max" : S(sv);
            if (value is "max" or "0" && !_files.Exists(_dir, "memory.swap.max")) { }
            else _files.Write($"{prefix}.swap", _dir, "memory.swap.max", value, "swap accounting off");
        }
        if (limit != 0) _files.Write($"{prefix}.limit", _dir, "memory.max", limit == -1 ? "max" : S(limit));
        // v1's soft limit is closest to v2's memory.low (best-effort protection), as runc maps it.
        if (reservation != 0) _files.Write($"{prefix}.reservation", _dir, "memory.low", reservation == -1 ? "max" : S(reservation));
    }

    private void ApplyIo(LinuxBlockIO io)
    {
        const string prefix = "linux.resources.blockIO";
        bool any = io.Weight is not null and not 0 || io.WeightDevice is { Count: > 0 }
            || io.ThrottleReadBpsDevice is { Count: > 0 } || io.ThrottleWriteBpsDevice is { Count: > 0 }
            || io.ThrottleReadIopsDevice is { Count: > 0 } || io.ThrottleWriteIopsDevice is { Count: > 0 };
        if (!any) return;
        Require("io", prefix);
        // With BFQ, io.bfq.weight takes the v1 value [1, 1000] as is; otherwise io.weight
        // (iocost) takes [1, 10000], converted as runc does.
        bool bfq = _files.Exists(_dir, "io.bfq.weight");
        // Per-device BFQ weights need its "default N" format (kernel ≥ 5.4; older ones show a
        // bare number); read before the weight write below changes the file (runc does too).
        bool bfqPerDevice = bfq && io.WeightDevice is { Count: > 0 }
            && !long.TryParse(_files.Read($"{prefix}.weightDevice", _dir, "io.bfq.weight").Trim(), out _);
        if (io.Weight is { } w and not 0)
        {
            if (bfq) _files.Write($"{prefix}.weight", _dir, "io.bfq.weight", S(w));
            else _files.Write($"{prefix}.weight", _dir, "io.weight", S(Conversions.BlkioWeightToIoWeight(w)), "no BFQ scheduler and no io.weight (iocost)");
        }
        for (int i = 0; i < (io.WeightDevice?.Count ?? 0); i++)
        {
            var d = io.WeightDevice![i];
            if (d.Weight is not { } dw || dw == 0) continue;
            if (bfqPerDevice) _files.Write($"{prefix}.weightDevice[{i}].weight", _dir, "io.bfq.weight", $"{d.Major}:{d.Minor} {dw}");
            else _files.Write($"{prefix}.weightDevice[{i}].weight", _dir, "io.weight", $"{d.Major}:{d.Minor} {Conversions.BlkioWeightToIoWeight(dw)}", "no BFQ scheduler and no io.weight (iocost)");
        }
        IoMax(io.ThrottleReadBpsDevice, $"{prefix}.throttleReadBpsDevice", "rbps");
        IoMax(io.ThrottleWriteBpsDevice, $"{prefix}.throttleWriteBpsDevice", "wbps");
        IoMax(io.ThrottleReadIopsDevice, $"{prefix}.throttleReadIOPSDevice", "riops");
        IoMax(io.ThrottleWriteIopsDevice, $"{prefix}.throttleWriteIOPSDevice", "wiops");
    }

    private void IoMax(List<LinuxThrottleDevice>? devices, string field, string key)
    {
        for (int i = 0; i < (devices?.Count ?? 0); i++)
        {
            var d = devices![i];
            _files.Write($"{field}[{i}]", _dir, "io.max", $"{d.Major}:{d.Minor} {key}={d.Rate}");
        }
    }

    private void ApplyCpu(LinuxCpu c)
    {
        const string prefix = "linux.resources.cpu";
        bool any = c.Shares is not null and not 0 || c.Quota is not null and not 0 || c.Period is not null and not 0
            || c.Idle is not null || c.Burst is not null;
        if (!any) return;
        Require("cpu", prefix);
        if (c.Idle is { } idle) _files.Write($"{prefix}.idle", _dir, "cpu.idle", S(idle), "kernel older than 5.15");
        if (c.Shares is { } shares and not 0)
            _files.Write($"{prefix}.shares", _dir, "cpu.weight", S(Conversions.CpuSharesToWeight(shares)));

        long quota = c.Quota ?? 0;
        // Burst must not exceed the quota: when this write fails, retry after cpu.max (runc).
        string? burst = null;
        if (c.Burst is { } b)
        {
            burst = S(b);
            try
            {
                _fs.WriteFile(CgroupPath.Join(_dir, "cpu.max.burst"), burst);
                burst = null;
            }
            catch (CgroupFsException e) when (e.Errno == Errno.EINVAL && quota != 0) { }
            catch (CgroupFsException e)
            {
                throw _files.Error($"{prefix}.burst", _dir, "cpu.max.burst", S(b), e, "kernel older than 5.14");
            }
        }
        if (quota != 0 || c.Period is not null and not 0)
        {
            // "$QUOTA $PERIOD": a period alone keeps no quota ("max"), and no period is 100 ms.
            ulong period = c.Period is { } p and not 0 ? p : 100_000;
            string value = (quota > 0 ? S(quota) : "max") + " " + S(period);
            _files.Write(quota != 0 ? $"{prefix}.quota" : $"{prefix}.period", _dir, "cpu.max", value);
            if (burst is not null) _files.Write($"{prefix}.burst", _dir, "cpu.max.burst", burst);
        }
    }

    /// <summary>hugetlb.SIZE.max and, when the kernel has it, hugetlb.SIZE.rsvd.max.</summary>
    private void ApplyHugepages(List<LinuxHugepageLimit> limits)
    {
        const string prefix = "linux.resources.hugepageLimits";
        Require("hugetlb", prefix);
        bool rsvd = true;
        for (int i = 0; i < limits.Count; i++)
        {
            var l = limits[i];
            string file = $"hugetlb.{l.PageSize}.max";
            if (!_files.Exists(_dir, file))
                throw new OcirtException($"{prefix}[{i}].pageSize: \"{l.PageSize}\" is not a huge page size of this host: {CgroupPath.Join(_dir, file)} does not exist (sizes: {string.Join(", ", _host.HugePageSizes)})");
            _files.Write($"{prefix}[{i}].limit", _dir, file, S(l.Limit));
            string rsvdFile = $"hugetlb.{l.PageSize}.rsvd.max";
            if (rsvd && _files.Exists(_dir, rsvdFile)) _files.Write($"{prefix}[{i}].limit", _dir, rsvdFile, S(l.Limit));
            else rsvd = false;
        }
    }

    /// <summary>Each key is a file in the container's cgroup, written as given. A key naming
    /// a path is refused (it could reach outside the cgroup); a missing file is reported with
    /// whether its controller is available here, as runc does.</summary>
    private void ApplyUnified(Dictionary<string, string> unified)
    {
        foreach (var (key, value) in unified.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            string field = $"linux.resources.unified.\"{key}\"";
            if (key.Contains('/') || key is "." or "..")
                throw new OcirtException($"{field}: must be a file name (no slashes)");
            try
            {
                _fs.WriteFile(CgroupPath.Join(_dir, key), value);
            }
            catch (CgroupFsException e) when (e.Errno is Errno.ENOENT or Errno.EPERM or Errno.EACCES)
            {
                int dot = key.IndexOf('.');
                if (dot <= 0) throw new OcirtException($"{field}: must be of the form CONTROLLER.PARAMETER", e);
                string controller = key[..dot];
                if (controller != "cgroup" && !Controllers.Contains(controller))
                    throw new OcirtException($"{field}: cannot be set: controller \"{controller}\" is not available in {_dir}", e);
                throw _files.Error(field, _dir, key, value, e);
            }
            catch (CgroupFsException e)
            {
                throw _files.Error(field, _dir, key, value, e);
            }
        }
    }
}
