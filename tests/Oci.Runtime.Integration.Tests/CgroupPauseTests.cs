using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`pause`/`resume` freeze real processes (v1 freezer on this host) and `state` follows; a paused container can still be killed.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupPauseTests : IDisposable
{
    // Counts in a file of the rootfs, five times a second: the test sees whether it is running.
    private const string Counter = "while true; do echo x >> /counter; usleep 200000; done";

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static int CountIn(CgroupTestContainer c) =>
        File.Exists(Path.Combine(c.Rootfs, "counter")) ? File.ReadAllText(Path.Combine(c.Rootfs, "counter")).Length : 0;

    [Fact]
    public void PauseStopsTheProcessesAndResumeLetsThemGoOn()
    {
        using var c = CgroupTestContainer.Run(_sandbox, Counter);
        CgroupTestContainer.WaitUntil(() => CountIn(c) > 0, TimeSpan.FromSeconds(10), "the counter runs");

        var pause = c.Ocirt("pause", c.Id);

        pause.ExitCode.Should().Be(0, pause.ToString());
        c.ReadCgroupFile("freezer", "freezer.state").Should().Be("FROZEN");
        c.Status.Should().Be("paused");
        var frozenAt = CountIn(c);
        Thread.Sleep(1000);
        CountIn(c).Should().Be(frozenAt, "a paused container does not run");

        var resume = c.Ocirt("resume", c.Id);

        resume.ExitCode.Should().Be(0, resume.ToString());
        c.ReadCgroupFile("freezer", "freezer.state").Should().Be("THAWED");
        c.Status.Should().Be("running");
        CgroupTestContainer.WaitUntil(() => CountIn(c) != frozenAt, TimeSpan.FromSeconds(5), "the counter moves again");
    }

    [Fact]
    public void OnlyARunningContainerPausesAndOnlyAPausedOneResumes()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        LogLines.ExpectTextError(c.Ocirt("resume", c.Id)).Should().Contain("container not paused");
        c.Ocirt("pause", c.Id).ExitCode.Should().Be(0);
        LogLines.ExpectTextError(c.Ocirt("pause", c.Id)).Should().Contain("container not running");
        c.Ocirt("kill", c.Id, "KILL").ExitCode.Should().Be(0);
        c.WaitUntilStopped();
        LogLines.ExpectTextError(c.Ocirt("pause", c.Id)).Should().Contain("container not running");
        LogLines.ExpectTextError(c.Ocirt("resume", c.Id)).Should().Contain("container not paused");
        LogLines.ExpectTextError(c.Ocirt("pause", "ghost")).Should().Contain("container \"ghost\" does not exist");
    }

    [Fact]
    public void KillOfAPausedContainerThawsItSoItDies()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");
        c.Ocirt("pause", c.Id).ExitCode.Should().Be(0);

        var kill = c.Ocirt("kill", c.Id, "KILL");

        kill.ExitCode.Should().Be(0, kill.ToString());
        c.WaitUntilStopped();
        c.Ocirt("delete", c.Id).ExitCode.Should().Be(0);
    }
}
