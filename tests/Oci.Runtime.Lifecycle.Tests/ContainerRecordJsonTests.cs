using System.Text;
using System.Text.Json;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle.Tests;

public class ContainerRecordJsonTests
{
    private static ContainerRecord Full()
    {
        var record = Records.Make("full");
        record.Annotations = new() { ["org.example/key"] = "a \"quoted\" value", ["empty"] = "" };
        record.CgroupsPath = "/machine/full";
        record.SystemdCgroup = true;
        record.CgroupDirectories = ["/sys/fs/cgroup/memory/machine/full", "/sys/fs/cgroup/pids/machine/full"];
        record.Namespaces = ["pid", "mount", "network"];
        record.Hooks = new Hooks { Poststop = [new Hook { Path = "/bin/cleanup", Args = ["cleanup", "--all"], Timeout = 5 }] };
        record.Resources = new LinuxResources { Memory = new LinuxMemory { Limit = 33554432 }, Unified = new() { ["pids.max"] = "20" } };
        return record;
    }

    private static ContainerRecord RoundTrip(ContainerRecord record) => ContainerRecordJson.Read(ContainerRecordJson.Write(record));

    [Fact]
    public void EveryFieldRoundTrips()
    {
        var record = Full();
        RoundTrip(record).Should().BeEquivalentTo(record);
    }

    [Fact]
    public void AMinimalRecordRoundTripsWithItsNullsLeftOut()
    {
        var record = Records.Make("min");
        var json = Encoding.UTF8.GetString(ContainerRecordJson.Write(record));

        json.Should().NotContain("null").And.NotContain("hooks").And.NotContain("annotations");
        RoundTrip(record).Should().BeEquivalentTo(record);
    }

    [Fact]
    public void HooksAndResourcesNobodyReadAreWrittenBackAsTheyWere()
    {
        const string hooks = """{"poststop":[{"path":"/x","args":["x","1"],"futureField":{"a":[1,2]}}]}""";
        const string resources = """{"pids":{"limit":20},"unknownController":{"k":1}}""";
        var json = $$"""{"id":"c","status":"created","hooks":{{hooks}},"resources":{{resources}}}""";

        var record = ContainerRecordJson.Read(Encoding.UTF8.GetBytes(json));
        record.Status = "running";
        var written = Encoding.UTF8.GetString(ContainerRecordJson.Write(record));

        written.Should().Contain($"\"hooks\":{hooks}").And.Contain($"\"resources\":{resources}").And.Contain("\"status\":\"running\"");
    }

    [Fact]
    public void HooksAndResourcesAreParsedWhenAskedFor()
    {
        var json = """{"id":"c","hooks":{"poststop":[{"path":"/x","timeout":3}]},"resources":{"pids":{"limit":20}}}""";
        var record = ContainerRecordJson.Read(Encoding.UTF8.GetBytes(json));

        record.Hooks!.Poststop.Should().ContainSingle().Which.Timeout.Should().Be(3);
        record.Resources!.Pids!.Limit.Should().Be(20);

        record.Resources.Pids.Limit = 30;
        Encoding.UTF8.GetString(ContainerRecordJson.Write(record)).Should().Contain("\"limit\":30");
    }

    [Fact]
    public void UnknownPropertiesAreSkipped()
    {
        var json = """{"future":{"nested":[{"a":1}]},"id":"c","more":[1,"x",null],"pid":7,"flag":true}""";
        var record = ContainerRecordJson.Read(Encoding.UTF8.GetBytes(json));

        record.Id.Should().Be("c");
        record.Pid.Should().Be(7);
    }

    [Theory]
    [InlineData("""{"id":"c","pid":"seven"}""")]
    [InlineData("""{"id":7}""")]
    [InlineData("""{"id":"c","namespaces":"pid"}""")]
    [InlineData("""{"id":"c",""")]
    [InlineData("""["id"]""")]
    [InlineData("")]
    public void ATextThatIsNoStateDocumentIsAJsonError(string json) =>
        FluentActions.Invoking(() => ContainerRecordJson.Read(Encoding.UTF8.GetBytes(json))).Should().Throw<JsonException>();
}
