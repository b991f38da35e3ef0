using System.Text.Json.Serialization;

namespace Oci.Runtime.Cgroups;

// The cgroup part of runc's `events --stats` data (runc types/events.go), same JSON names.
// Go's omitempty on a number is WhenWritingDefault here; Go's omitzero on a struct is a
// nullable property that Finish() clears when every field is zero.

public sealed class CgroupStats
{
    [JsonPropertyName("cpu")]
    public CpuStats Cpu { get; set; } = new();

    [JsonPropertyName("memory")]
    public MemoryStats Memory { get; set; } = new();

    [JsonPropertyName("pids")]
    public PidsStats Pids { get; set; } = new();

    [JsonPropertyName("blkio")]
    public BlkioStats Blkio { get; set; } = new();

    [JsonPropertyName("hugetlb")]
    public Dictionary<string, HugetlbStats> Hugetlb { get; set; } = [];

    internal CgroupStats Finish()
    {
        if (Cpu.Usage is { } u && u.Total == 0 && u.Kernel == 0 && u.User == 0 && u.Percpu is null) Cpu.Usage = null;
        if (Cpu.Throttling is { } t && t.Periods == 0 && t.ThrottledPeriods == 0 && t.ThrottledTime == 0) Cpu.Throttling = null;
        Memory.Usage = MemoryEntry.NullIfZero(Memory.Usage);
        Memory.Swap = MemoryEntry.NullIfZero(Memory.Swap);
        Memory.Kernel = MemoryEntry.NullIfZero(Memory.Kernel);
        Memory.KernelTcp = MemoryEntry.NullIfZero(Memory.KernelTcp);
        if (Memory.Raw is { Count: 0 }) Memory.Raw = null;
        return this;
    }
}

public sealed class CpuStats
{
    [JsonPropertyName("usage")]
    public CpuUsage? Usage { get; set; } = new();

    [JsonPropertyName("throttling")]
    public Throttling? Throttling { get; set; } = new();
}

public sealed class CpuUsage
{
    /// <summary>Nanoseconds.</summary>
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Total { get; set; }

    [JsonPropertyName("percpu")]
    public List<ulong>? Percpu { get; set; }

    [JsonPropertyName("percpu_kernel")]
    public List<ulong>? PercpuKernel { get; set; }

    [JsonPropertyName("percpu_user")]
    public List<ulong>? PercpuUser { get; set; }

    [JsonPropertyName("kernel")]
    public ulong Kernel { get; set; }

    [JsonPropertyName("user")]
    public ulong User { get; set; }
}

public sealed class Throttling
{
    [JsonPropertyName("periods"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Periods { get; set; }

    [JsonPropertyName("throttledPeriods"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ThrottledPeriods { get; set; }

    /// <summary>Nanoseconds.</summary>
    [JsonPropertyName("throttledTime"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ThrottledTime { get; set; }
}

public sealed class MemoryStats
{
    [JsonPropertyName("cache"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Cache { get; set; }

    [JsonPropertyName("usage")]
    public MemoryEntry? Usage { get; set; }

    /// <summary>Memory plus swap, as runc reports it on both layouts.</summary>
    [JsonPropertyName("swap")]
    public MemoryEntry? Swap { get; set; }

    [JsonPropertyName("kernel")]
    public MemoryEntry? Kernel { get; set; }

    [JsonPropertyName("kernelTCP")]
    public MemoryEntry? KernelTcp { get; set; }

    /// <summary>memory.stat as is.</summary>
    [JsonPropertyName("raw")]
    public Dictionary<string, ulong>? Raw { get; set; }
}

public sealed class MemoryEntry
{
    [JsonPropertyName("limit")]
    public ulong Limit { get; set; }

    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Usage { get; set; }

    [JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Max { get; set; }

    [JsonPropertyName("failcnt")]
    public ulong Failcnt { get; set; }

    internal static MemoryEntry? NullIfZero(MemoryEntry? e) =>
        e is null || (e.Limit == 0 && e.Usage == 0 && e.Max == 0 && e.Failcnt == 0) ? null : e;
}

public sealed class PidsStats
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Current { get; set; }

    /// <summary>0 when unlimited ("max").</summary>
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Limit { get; set; }
}

public sealed class BlkioStats
{
    [JsonPropertyName("ioServiceBytesRecursive")]
    public List<BlkioEntry>? IoServiceBytesRecursive { get; set; }

    [JsonPropertyName("ioServicedRecursive")]
    public List<BlkioEntry>? IoServicedRecursive { get; set; }

    /// <summary>runc's JSON name really is "ioQueueRecursive".</summary>
    [JsonPropertyName("ioQueueRecursive")]
    public List<BlkioEntry>? IoQueuedRecursive { get; set; }

    [JsonPropertyName("ioServiceTimeRecursive")]
    public List<BlkioEntry>? IoServiceTimeRecursive { get; set; }

    [JsonPropertyName("ioWaitTimeRecursive")]
    public List<BlkioEntry>? IoWaitTimeRecursive { get; set; }

    [JsonPropertyName("ioMergedRecursive")]
    public List<BlkioEntry>? IoMergedRecursive { get; set; }

    [JsonPropertyName("ioTimeRecursive")]
    public List<BlkioEntry>? IoTimeRecursive { get; set; }

    [JsonPropertyName("sectorsRecursive")]
    public List<BlkioEntry>? SectorsRecursive { get; set; }
}

public sealed class BlkioEntry
{
    [JsonPropertyName("major"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Major { get; set; }

    [JsonPropertyName("minor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Minor { get; set; }

    [JsonPropertyName("op"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Op { get; set; }

    [JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Value { get; set; }
}

public sealed class HugetlbStats
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Usage { get; set; }

    [JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Max { get; set; }

    [JsonPropertyName("failcnt")]
    public ulong Failcnt { get; set; }
}
