using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

public sealed class ConversionTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 100UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(300000UL, 10000UL)]
    public void Cpu_shares_map_to_weight_as_runc(ulong shares, ulong weight) =>
        Conversions.CpuSharesToWeight(shares).Should().Be(weight);

    [Theory]
    [InlineData(10, 1UL)]
    [InlineData(500, 4950UL)]
    [InlineData(1000, 10000UL)]
    public void Blkio_weight_maps_to_io_weight_as_runc(ushort blkio, ulong io) =>
        Conversions.BlkioWeightToIoWeight(blkio).Should().Be(io);

    [Theory]
    [InlineData(null, 100L, null)]
    [InlineData(0L, 100L, null)]
    [InlineData(null, -1L, -1L)]
    [InlineData(-1L, 100L, -1L)]
    [InlineData(300L, 100L, 200L)]
    [InlineData(100L, 100L, 0L)]
    [InlineData(300L, -1L, 300L)]
    public void Swap_is_memory_plus_swap_in_the_spec_and_swap_alone_on_v2(long? swap, long? limit, long? expected) =>
        Conversions.SwapToV2(swap, limit, "f").Should().Be(expected);

    [Fact]
    public void Swap_below_the_memory_limit_or_without_one_is_an_error()
    {
        ((Action)(() => Conversions.SwapToV2(50, 100, "linux.resources.memory.swap"))).Should().Throw<OcirtException>()
            .WithMessage("linux.resources.memory.swap: memory+swap limit 50 must be >= the memory limit 100");
        ((Action)(() => Conversions.SwapToV2(50, null, "linux.resources.memory.swap"))).Should().Throw<OcirtException>()
            .WithMessage("linux.resources.memory.swap: cannot set a swap limit without a memory limit*");
    }
}
