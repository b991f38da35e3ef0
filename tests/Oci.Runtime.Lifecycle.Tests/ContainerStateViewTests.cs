using System.Text.Json;
using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Lifecycle.Tests;

public class ContainerStateViewTests
{
    [Fact]
    public void StateJsonHasRuncsFieldsInRuncsOrder()
    {
        var record = Records.Make("c1");
        record.Bundle = "/b/with+plus's \"quote\"";
        record.Annotations = new() { ["org.example"] = "x" };
        var json = ContainerStateView.From(record, ContainerStatus.Running, "root").ToIndentedJson();

        using var document = JsonDocument.Parse(json);
        document.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner");
        document.RootElement.GetProperty("bundle").GetString().Should().Be(record.Bundle);
        json.Should().Contain("with+plus's \\\"quote\\\"", "Go's encoder leaves + and ' unescaped");
        json.Should().StartWith("{\n  \"ociVersion\"", "runc indents by two spaces");
    }

    [Fact]
    public void StringsAreEscapedAsGoEscapesThem()
    {
        var record = Records.Make("c1");
        record.Bundle = "/b/<tag>&é\u2028\n\t\u0001\"\\+'x";
        var json = ContainerStateView.From(record, ContainerStatus.Running, "root").ToIndentedJson();

        // What Go 1.22's json.Marshal prints for the same string.
        json.Should().Contain("""
            "bundle": "/b/\u003ctag\u003e\u0026é\u2028\n\t\u0001\"\\+'x",
            """);
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("bundle").GetString().Should().Be(record.Bundle);
    }

    [Fact]
    public void EmptyAnnotationsAreOmittedAndStoppedPidIsZero()
    {
        var json = ContainerStateView.From(Records.Make("c1"), ContainerStatus.Stopped, "root").ToIndentedJson();
        using var document = JsonDocument.Parse(json);
        document.RootElement.TryGetProperty("annotations", out _).Should().BeFalse();
        document.RootElement.GetProperty("pid").GetInt32().Should().Be(0);
        document.RootElement.GetProperty("status").GetString().Should().Be("stopped");
    }

    [Fact]
    public void ListJsonIsOneCompactArray()
    {
        var views = new List<ContainerStateView>
        {
            ContainerStateView.From(Records.Make("a"), ContainerStatus.Created, "root"),
            ContainerStateView.From(Records.Make("b"), ContainerStatus.Running, "#1000"),
        };
        var json = ContainerStateView.ToJsonArray(views);
        json.Should().NotContain("\n");
        using var document = JsonDocument.Parse(json);
        document.RootElement.EnumerateArray().Select(e => e.GetProperty("owner").GetString()).Should().Equal("root", "#1000");
    }
}
