using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// The state directory holds config.json and with it the container's environment (passwords,
/// tokens). With --root at 0711, as containerd makes it, no other local user may read anything
/// under it; the container still starts through its exec fifo, as a non-root user too.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class StatePermissionTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void NoOtherUserReadsTheSavedConfigEvenUnderARootOf0711()
    {
        _bundle.Process["env"] = new System.Text.Json.Nodes.JsonArray("PATH=/bin", "SECRET=hunter2");
        _bundle.Process["user"] = System.Text.Json.Nodes.JsonNode.Parse("""{"uid": 1000, "gid": 1000}""");
        _bundle.SetArgs("/bin/true");
        _bundle.Save();
        Directory.CreateDirectory(_bundle.Sandbox.Root);
        File.SetUnixFileMode(_bundle.Sandbox.Root, (UnixFileMode)0x1c9); // 0711
        var id = _bundle.NewId();

        _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var directory = Path.Combine(_bundle.Sandbox.Root, id);
        File.GetUnixFileMode(directory).Should().Be((UnixFileMode)0x1c0, "the state directory is 0700");
        File.GetUnixFileMode(Path.Combine(directory, "config.json")).Should().Be((UnixFileMode)0x180, "config.json is 0600");
        File.GetUnixFileMode(Path.Combine(directory, "state.json")).Should().Be((UnixFileMode)0x180, "state.json is 0600");
        var peek = Host.Execute("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "cat", Path.Combine(directory, "config.json"));
        peek.ExitCode.Should().NotBe(0, "nobody must not read the saved config: " + peek);
        peek.Stdout.Should().NotContain("hunter2");

        // The init, already uid 1000, still opens the fifo and runs.
        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        var pid = (int)_bundle.State(id)["pid"]!;
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(10)).Should().BeTrue();
        ((string?)_bundle.State(id)["status"]).Should().Be("stopped");
        _bundle.Ocirt("delete", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }
}
