using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `update`: applies new limits to the cgroup of a container that has not stopped and records
/// them in its state. Only what runc 1.1's update changes is taken: memory limit, reservation
/// and swap; cpu shares, quota, period, realtime runtime and period, cpus and mems; blockIO
/// weight; pids limit; unified. Everything else in the request (devices included, which runc
/// skips on update too) is ignored, and a zero or empty value means "unchanged", as in runc.
/// </summary>
public sealed class ContainerUpdate(StateStore store, IHostProcesses processes, ILogger log)
{
    public void Update(string id, LinuxResources request)
    {
        using var held = store.Lock(id);
        var record = store.Load(id);
        if (StatusResolver.Resolve(record, processes) == ContainerStatus.Stopped)
            throw new OcirtException($"cannot update container \"{id}\": container not running");
        if (request.Memory is { } memory && (memory.Kernel is not (null or 0) || memory.KernelTcp is not (null or 0)))
            log.LogWarning("Kernel memory settings are ignored and will be removed");
        var update = Select(request);
        var cgroup = ContainerCgroups.Open(record, log);
        ContainerCgroups.Guard(() => cgroup.Apply(PairCpuLimits(update, record.Resources)));
        record.Resources = Merge(record.Resources, update);
        store.Save(record);
    }

    /// <summary>The fields update changes, zeros and empty strings dropped; sections left with
    /// nothing set are dropped too, so the record stays small.</summary>
    internal static LinuxResources Select(LinuxResources request)
    {
        var memory = new LinuxMemory
        {
            Limit = NonZero(request.Memory?.Limit),
            Reservation = NonZero(request.Memory?.Reservation),
            Swap = NonZero(request.Memory?.Swap),
        };
        var cpu = new LinuxCpu
        {
            Shares = NonZero(request.Cpu?.Shares),
            Quota = NonZero(request.Cpu?.Quota),
            Period = NonZero(request.Cpu?.Period),
            RealtimeRuntime = NonZero(request.Cpu?.RealtimeRuntime),
            RealtimePeriod = NonZero(request.Cpu?.RealtimePeriod),
            Cpus = string.IsNullOrEmpty(request.Cpu?.Cpus) ? null : request.Cpu.Cpus,
            Mems = string.IsNullOrEmpty(request.Cpu?.Mems) ? null : request.Cpu.Mems,
        };
        var weight = request.BlockIO?.Weight is { } w and not 0 ? w : (ushort?)null;
        var pids = NonZero(request.Pids?.Limit);
        return new LinuxResources
        {
            Memory = memory is { Limit: null, Reservation: null, Swap: null } ? null : memory,
            Cpu = cpu is { Shares: null, Quota: null, Period: null, RealtimeRuntime: null, RealtimePeriod: null, Cpus: null, Mems: null } ? null : cpu,
            BlockIO = weight is null ? null : new LinuxBlockIO { Weight = weight },
            Pids = pids is null ? null : new LinuxPids { Limit = pids },
            Unified = request.Unified is { Count: > 0 } unified ? unified : null,
        };
    }

    /// <summary>
    /// A quota without a period (or the reverse) keeps the other half at its recorded value,
    /// as runc's update does: cgroup v2 writes both in one cpu.max line, and a missing period
    /// would otherwise be reset to the default, a missing quota lifted to "max".
    /// </summary>
    internal static LinuxResources PairCpuLimits(LinuxResources update, LinuxResources? recorded)
    {
        if (update.Cpu is not { } cpu || (cpu.Quota is null) == (cpu.Period is null))
            return update;
        var paired = new LinuxCpu
        {
            Shares = cpu.Shares,
            Quota = cpu.Quota ?? recorded?.Cpu?.Quota,
            Period = cpu.Period ?? recorded?.Cpu?.Period,
            RealtimeRuntime = cpu.RealtimeRuntime,
            RealtimePeriod = cpu.RealtimePeriod,
            Cpus = cpu.Cpus,
            Mems = cpu.Mems,
        };
        return new LinuxResources { Memory = update.Memory, Cpu = paired, BlockIO = update.BlockIO, Pids = update.Pids, Unified = update.Unified };
    }

    /// <summary>The recorded resources with every field the update sets replaced (unified keys
    /// added or replaced one by one); fields the update leaves alone keep their recorded value.</summary>
    internal static LinuxResources Merge(LinuxResources? recorded, LinuxResources update)
    {
        var merged = recorded ?? new LinuxResources();
        if (update.Memory is { } m)
        {
            var into = merged.Memory ??= new LinuxMemory();
            into.Limit = m.Limit ?? into.Limit;
            into.Reservation = m.Reservation ?? into.Reservation;
            into.Swap = m.Swap ?? into.Swap;
        }
        if (update.Cpu is { } c)
        {
            var into = merged.Cpu ??= new LinuxCpu();
            into.Shares = c.Shares ?? into.Shares;
            into.Quota = c.Quota ?? into.Quota;
            into.Period = c.Period ?? into.Period;
            into.RealtimeRuntime = c.RealtimeRuntime ?? into.RealtimeRuntime;
            into.RealtimePeriod = c.RealtimePeriod ?? into.RealtimePeriod;
            into.Cpus = c.Cpus ?? into.Cpus;
            into.Mems = c.Mems ?? into.Mems;
        }
        if (update.BlockIO?.Weight is { } weight)
            (merged.BlockIO ??= new LinuxBlockIO()).Weight = weight;
        if (update.Pids?.Limit is { } pids)
            (merged.Pids ??= new LinuxPids()).Limit = pids;
        if (update.Unified is { } unified)
        {
            var into = merged.Unified ??= [];
            foreach (var (key, value) in unified)
                into[key] = value;
        }
        return merged;
    }

    private static long? NonZero(long? value) => value is 0 ? null : value;

    private static ulong? NonZero(ulong? value) => value is 0 ? null : value;
}
