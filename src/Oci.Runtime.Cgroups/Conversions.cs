namespace Oci.Runtime.Cgroups;

/// <summary>runc's v1 → v2 value conversions (opencontainers/cgroups utils.go), so a spec
/// written for v1 gets the same v2 files from ocirt as from runc.</summary>
public static class Conversions
{
    /// <summary>cpu.shares [2, 262144] → cpu.weight [1, 10000] on a quadratic curve in log2
    /// space that maps the default 1024 to the default 100 (runc ≥ 1.3, crun ≥ 1.23).</summary>
    public static ulong CpuSharesToWeight(ulong shares)
    {
        if (shares == 0) return 0;
        if (shares <= 2) return 1;
        if (shares >= 262144) return 10000;
        double l = Math.Log2(shares);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (ulong)Math.Ceiling(Math.Pow(10, exponent));
    }

    /// <summary>blkio.weight [10, 1000] → io.weight [1, 10000], linearly.</summary>
    public static ulong BlkioWeightToIoWeight(ushort weight) =>
        weight == 0 ? 0 : 1 + ((ulong)weight - 10) * 9999 / 990;

    /// <summary>The spec's swap is memory+swap (v1 memsw); v2's memory.swap.max is swap alone.
    /// Returns null for "leave alone" (runc's 0, Go cannot tell it from absent), -1 for "max".</summary>
    public static long? SwapToV2(long? swap, long? limit, string field)
    {
        long s = swap ?? 0, m = limit ?? 0;
        if (m == -1 && s == 0) return -1;
        if (s == -1) return -1;
        if (s == 0) return null;
        if (m == -1) return s;
        if (m == 0) throw new Spec.OcirtException($"{field}: cannot set a swap limit without a memory limit (linux.resources.memory.limit)");
        if (m < 0) throw new Spec.OcirtException($"linux.resources.memory.limit: invalid value {m}");
        if (s < m) throw new Spec.OcirtException($"{field}: memory+swap limit {s} must be >= the memory limit {m}");
        return s - m;
    }
}
