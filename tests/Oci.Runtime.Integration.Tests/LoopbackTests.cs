using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// `lo` is up in a network namespace ocirt creates, as runc and crun leave it: a process that
/// talks to 127.0.0.1 (a build step, a health check) works with no other network set up.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class LoopbackTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    // A TCP round trip over 127.0.0.1 needs no capability, unlike ping.
    private const string TalkOverLoopback =
        "ip link show lo | head -1; (echo pong | nc -l -p 5555 127.0.0.1 >/dev/null &) ; sleep 0.3; echo ping | nc -w 2 127.0.0.1 5555";

    [Fact]
    public void LoopbackIsUpInANewNetworkNamespaceAndCarriesTraffic()
    {
        var id = _bundle.NewId();
        _bundle.Shell(TalkOverLoopback + "; readlink /proc/self/ns/net");
        _bundle.Save();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Stdout.Split('\n');
        lines[0].Should().Contain("<LOOPBACK,UP,LOWER_UP>");
        lines[1].Should().Be("pong");
        lines[2].Should().NotBe(File.ResolveLinkTarget("/proc/self/ns/net", false)!.ToString(), "the container has a network namespace of its own");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void LoopbackIsUpInANewNetworkNamespaceOwnedByANewUserNamespace()
    {
        var id = _bundle.NewId();
        _bundle.Namespaces.Add(new JsonObject { ["type"] = "user" });
        _bundle.Linux["uidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = 100000, ["size"] = 65536 });
        _bundle.Linux["gidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = 100000, ["size"] = 65536 });
        _bundle.Shell(TalkOverLoopback);
        _bundle.Save();
        Host.Execute("chown", "-R", "100000:100000", _bundle.Rootfs).ExitCode.Should().Be(0);

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Split('\n')[0].Should().Contain("<LOOPBACK,UP,LOWER_UP>");
        run.Stdout.Split('\n')[1].Should().Be("pong");
    }

    // A namespace joined by path is its owner's: ocirt does not touch its interfaces.
    [Fact]
    public void AJoinedNetworkNamespaceIsLeftAsItsOwnerSetItUp()
    {
        var name = $"ocirt-it-{Guid.NewGuid():N}"[..20];
        Host.Execute("ip", "netns", "add", name).ExitCode.Should().Be(0);
        try
        {
            var id = _bundle.NewId();
            _bundle.Namespaces.Single(n => n!["type"]!.GetValue<string>() == "network")!["path"] = $"/run/netns/{name}";
            _bundle.Shell("ip link show lo | head -1");
            _bundle.Save();

            var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

            run.ExitCode.Should().Be(0, run.ToString());
            run.Stdout.Should().Contain("<LOOPBACK>").And.NotContain("UP");
        }
        finally
        {
            Host.Execute("ip", "netns", "delete", name);
        }
    }
}
