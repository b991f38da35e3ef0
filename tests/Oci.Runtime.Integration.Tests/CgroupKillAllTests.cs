using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`kill --all` signals every process in the container's cgroup; delete then leaves no cgroup behind.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupKillAllTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void KillsEveryProcessAndDeleteLeavesNothing()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000 & sleep 1000 & sleep 1000 & wait");
        CgroupTestContainer.WaitUntil(() => c.Pids().Length == 4, TimeSpan.FromSeconds(10), "the init and three sleeps run");
        var directories = c.CgroupDirectories;

        var kill = c.Ocirt("kill", "--all", c.Id, "KILL");

        kill.ExitCode.Should().Be(0, kill.ToString());
        CgroupTestContainer.WaitUntil(() => c.Pids().Length == 0, TimeSpan.FromSeconds(10), "the cgroup is empty");
        c.WaitUntilStopped();
        var delete = c.Ocirt("delete", c.Id);
        delete.ExitCode.Should().Be(0, delete.ToString());
        directories.Should().NotBeEmpty().And.OnlyContain(d => !Directory.Exists(d), "delete removes the cgroup in every hierarchy");
    }

    [Fact]
    public void KillAllReachesProcessesThatOutliveTheInit()
    {
        // Without a PID namespace the init's death does not take its children with it.
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000 & usleep 300000", config =>
        {
            var namespaces = config["linux"]!["namespaces"]!.AsArray();
            namespaces.Remove(namespaces.Single(n => (string)n!["type"]! == "pid"));
        });
        c.WaitUntilStopped();
        c.Pids().Should().HaveCount(1, "the sleep is still in the cgroup");

        var kill = c.Ocirt("kill", "--all", c.Id, "KILL");

        kill.ExitCode.Should().Be(0, kill.ToString());
        CgroupTestContainer.WaitUntil(() => c.Pids().Length == 0, TimeSpan.FromSeconds(10), "the leftover process is gone");
        c.Ocirt("delete", c.Id).ExitCode.Should().Be(0);
    }

    [Fact]
    public void KillAllOfAPausedContainerWithTermKeepsItPaused()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");
        c.Ocirt("pause", c.Id).ExitCode.Should().Be(0);

        c.Ocirt("kill", "--all", c.Id, "TERM").ExitCode.Should().Be(0);

        c.Status.Should().Be("paused");
        c.ReadCgroupFile("freezer", "freezer.state").Should().Be("FROZEN");
        c.Ocirt("kill", "--all", c.Id, "KILL").ExitCode.Should().Be(0);
        c.WaitUntilStopped();
    }
}
