using System.Buffers;
using System.Text.Json;
using Oci.Runtime.Spec.Tests;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>The stats writer against the source-generated serializer it replaced in the binary.</summary>
public sealed class CgroupStatsWriterTests
{
    [Fact]
    public void EveryFieldSetIsWrittenAsTheSerializerWroteIt()
    {
        var stats = ModelFiller.Fill<CgroupStats>();

        Written(stats).Should().Be(JsonSerializer.Serialize(stats, CgroupJsonContext.Default.CgroupStats));
    }

    [Fact]
    public void ZerosAndNullsAreLeftOutAsTheSerializerLeftThemOut()
    {
        var stats = new CgroupStats().Finish();
        stats.Blkio.IoServicedRecursive = [new BlkioEntry()];
        stats.Hugetlb["2MB"] = new HugetlbStats();

        Written(stats).Should().Be(JsonSerializer.Serialize(stats, CgroupJsonContext.Default.CgroupStats));
    }

    private static string Written(CgroupStats stats)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
            CgroupStatsWriter.Write(w, stats);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
