using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Setup.Steps;

namespace Oci.Runtime.Linux.Tests;

/// <summary>$LISTEN_FDS counts only when $LISTEN_PID is ocirt's own pid, and the container is told of the fds it got.</summary>
public sealed class SocketActivationTests
{
    [Theory]
    [InlineData("2", "4242", 2)]
    [InlineData("2", "4243", 0)]   // meant for another process
    [InlineData("2", null, 0)]     // no LISTEN_PID: sd_listen_fds refuses too
    [InlineData(null, "4242", 0)]
    [InlineData("-1", "4242", 0)]
    [InlineData("two", "4242", 0)]
    [InlineData("2", " 4242", 0)]
    public void ListenFdsCountOnlyForThisProcess(string? listenFds, string? listenPid, int expected) =>
        HostFacts.ListenFds(listenFds, listenPid, 4242).Should().Be(expected);

    [Fact]
    public void TheProcessIsToldOfItsListenFdsOverWhatTheConfigSaid()
    {
        var process = new Spec.Process { Args = ["/bin/true"], Env = ["LISTEN_FDS=9", "PATH=/bin", "LISTEN_PID=77"] };

        ProcessEnvironment.Of(process, "/root", listenFds: 2)
            .Should().Equal("PATH=/bin", "LISTEN_FDS=2", "LISTEN_PID=1", "HOME=/root");
    }

    [Fact]
    public void WithoutListenFdsTheConfigsEnvironmentIsKept()
    {
        var process = new Spec.Process { Args = ["/bin/true"], Env = ["LISTEN_FDS=9", "PATH=/bin"] };

        ProcessEnvironment.Of(process, "/root").Should().Equal("LISTEN_FDS=9", "PATH=/bin", "HOME=/root");
    }
}
