using System.Text.Json;
using static Oci.Runtime.Spec.Json.JsonFields;

namespace Oci.Runtime.Cgroups;

/// <summary>
/// The "data" of runc's `events --stats` lines, by hand over <see cref="Utf8JsonWriter"/>
/// (no serializer in the binary: see Oci.Runtime.Spec.Json.SpecDocumentWriter): runc's names
/// and order, nulls left out, and the numbers Go marks omitempty left out while zero.
/// </summary>
public static class CgroupStatsWriter
{
    public static void Write(Utf8JsonWriter w, CgroupStats stats)
    {
        w.WriteStartObject();
        w.WriteStartObject("cpu");
        if (stats.Cpu.Usage is { } usage)
        {
            w.WriteStartObject("usage");
            NonZero(w, "total", usage.Total);
            Numbers(w, "percpu", usage.Percpu);
            Numbers(w, "percpu_kernel", usage.PercpuKernel);
            Numbers(w, "percpu_user", usage.PercpuUser);
            w.WriteNumber("kernel", usage.Kernel);
            w.WriteNumber("user", usage.User);
            w.WriteEndObject();
        }
        if (stats.Cpu.Throttling is { } throttling)
        {
            w.WriteStartObject("throttling");
            NonZero(w, "periods", throttling.Periods);
            NonZero(w, "throttledPeriods", throttling.ThrottledPeriods);
            NonZero(w, "throttledTime", throttling.ThrottledTime);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("memory");
        NonZero(w, "cache", stats.Memory.Cache);
        Entry(w, "usage", stats.Memory.Usage);
        Entry(w, "swap", stats.Memory.Swap);
        Entry(w, "kernel", stats.Memory.Kernel);
        Entry(w, "kernelTCP", stats.Memory.KernelTcp);
        if (stats.Memory.Raw is { } raw)
        {
            w.WriteStartObject("raw");
            foreach (var (key, value) in raw)
                w.WriteNumber(key, value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("pids");
        NonZero(w, "current", stats.Pids.Current);
        NonZero(w, "limit", stats.Pids.Limit);
        w.WriteEndObject();
        var blkio = stats.Blkio;
        w.WriteStartObject("blkio");
        Entries(w, "ioServiceBytesRecursive", blkio.IoServiceBytesRecursive);
        Entries(w, "ioServicedRecursive", blkio.IoServicedRecursive);
        Entries(w, "ioQueueRecursive", blkio.IoQueuedRecursive);
        Entries(w, "ioServiceTimeRecursive", blkio.IoServiceTimeRecursive);
        Entries(w, "ioWaitTimeRecursive", blkio.IoWaitTimeRecursive);
        Entries(w, "ioMergedRecursive", blkio.IoMergedRecursive);
        Entries(w, "ioTimeRecursive", blkio.IoTimeRecursive);
        Entries(w, "sectorsRecursive", blkio.SectorsRecursive);
        w.WriteEndObject();
        w.WriteStartObject("hugetlb");
        foreach (var (size, hugetlb) in stats.Hugetlb)
        {
            w.WriteStartObject(size);
            NonZero(w, "usage", hugetlb.Usage);
            NonZero(w, "max", hugetlb.Max);
            w.WriteNumber("failcnt", hugetlb.Failcnt);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Entry(Utf8JsonWriter w, string name, MemoryEntry? entry)
    {
        if (entry is null)
            return;
        w.WriteStartObject(name);
        w.WriteNumber("limit", entry.Limit);
        NonZero(w, "usage", entry.Usage);
        NonZero(w, "max", entry.Max);
        w.WriteNumber("failcnt", entry.Failcnt);
        w.WriteEndObject();
    }

    private static void Entries(Utf8JsonWriter w, string name, List<BlkioEntry>? entries)
    {
        if (entries is null)
            return;
        w.WriteStartArray(name);
        foreach (var entry in entries)
        {
            w.WriteStartObject();
            NonZero(w, "major", entry.Major);
            NonZero(w, "minor", entry.Minor);
            String(w, "op", entry.Op);
            NonZero(w, "value", entry.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
