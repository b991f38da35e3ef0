using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// A --root on a full filesystem: create fails naming state.json and the errno, leaving no
/// half-written state, cgroup or process; start needs no room, as it writes no state.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class FullRootTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();
    private readonly string _filler;

    public FullRootTests()
    {
        Directory.CreateDirectory(_bundle.Sandbox.Root);
        Host.Execute("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", _bundle.Sandbox.Root).ExitCode.Should().Be(0);
        _filler = Path.Combine(_bundle.Sandbox.Root, "filler");
    }

    public void Dispose() => _bundle.Dispose();

    private void Fill() => Host.Execute("dd", "if=/dev/zero", $"of={_filler}", "bs=4k");

    private void Unmount() => Host.Execute("umount", _bundle.Sandbox.Root).ExitCode.Should().Be(0);

    [Fact]
    public void CreateOnAFullRootLeavesNothing()
    {
        Fill();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        create.ExitCode.Should().Be(1, create.ToString());
        create.Stderr.Should().Contain($"{_bundle.Sandbox.Root}/{id}/state.json: no space left on device").And.NotContain("Exception");
        Directory.EnumerateFileSystemEntries(_bundle.Sandbox.Root).Should().Equal(_filler);
        Unmount();
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void StartOnAFullRootStartsTheProcess()
    {
        // start writes no state (the exec fifo's removal says started), so, as with runc, a
        // full --root does not stop it.
        var marker = Path.Combine(_bundle.Rootfs, "tmp", "started");
        _bundle.Shell("touch /tmp/started");
        _bundle.Config["root"]!["readonly"] = false;
        _bundle.Save();
        var id = _bundle.NewId();
        _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        Fill();

        var start = _bundle.Ocirt("start", id);

        start.ExitCode.Should().Be(0, start.ToString());
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        File.Exists(marker).Should().BeTrue("the process ran");
        _bundle.State(id)["status"]!.GetValue<string>().Should().BeOneOf("running", "stopped");
        File.Delete(_filler);
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        Unmount();
        _bundle.AssertNoLeaks(id);
    }
}
