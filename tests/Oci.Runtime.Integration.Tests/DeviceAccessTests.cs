using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>linux.resources.devices[].access as runc reads it: r, w and m count, other letters are ignored (and named).</summary>
[Collection(RealContainers.Name)]
public sealed class DeviceAccessTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void UnknownDeviceAccessLettersAreIgnoredWithAWarning()
    {
        _bundle.Linux["resources"] = JsonNode.Parse("""
            {"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwa"}]}
            """);
        _bundle.Shell("grep '^c 10:229 ' /sys/fs/cgroup/devices/devices.list || echo no-v1-devices-list");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().Contain("level=warning msg=\"linux.resources.devices[1].access: \\\"rwa\\\": \\\"a\\\" is ignored (not r, w or m), as runc does\"");
        if (!run.Stdout.Contains("no-v1-devices-list"))
            run.Stdout.Should().Be("c 10:229 rw\n");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ValidateRepeatsTheWarningCreateWouldGive()
    {
        _bundle.Linux["resources"] = JsonNode.Parse("""{"devices": [{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwax"}]}""");
        _bundle.Save();

        var validate = _bundle.Ocirt("validate", "--bundle", _bundle.Bundle);

        validate.ExitCode.Should().Be(0, validate.ToString());
        validate.Stdout.Should().Contain("warning: linux.resources.devices[0].access: \"rwax\": \"ax\" are ignored (not r, w or m), as runc does\n")
            .And.EndWith("config.json: valid\n");
    }
}
