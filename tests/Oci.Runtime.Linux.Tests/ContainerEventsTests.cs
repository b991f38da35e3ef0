using System.Text.Json;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Linux.Tests;

/// <summary>`events` lines have runc's types.Event shape.</summary>
public class ContainerEventsTests
{
    [Fact]
    public void OomLineHasNoData() =>
        ContainerEvents.Line("oom", "c1", null).Should().Be("""{"type":"oom","id":"c1"}""");

    [Fact]
    public void StatsLineCarriesTheStatsAsData()
    {
        var stats = new CgroupStats();
        stats.Pids.Current = 3;

        var line = JsonDocument.Parse(ContainerEvents.Line("stats", "c1", stats)).RootElement;

        line.GetProperty("type").GetString().Should().Be("stats");
        line.GetProperty("id").GetString().Should().Be("c1");
        line.GetProperty("data").GetProperty("pids").GetProperty("current").GetUInt64().Should().Be(3);
    }
}
