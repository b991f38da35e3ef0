using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Lifecycle.Tests;

public class StatusResolverTests
{
    private readonly FakeHostProcesses _processes = new();

    [Theory]
    [InlineData("created", ContainerStatus.Created)]
    [InlineData("running", ContainerStatus.Running)]
    [InlineData("paused", ContainerStatus.Paused)]
    [InlineData("creating", ContainerStatus.Creating)]
    public void LiveInitKeepsTheRecordedStatus(string recorded, ContainerStatus expected)
    {
        _processes.Processes[10] = new ProcessSnapshot(500, 'S');
        StatusResolver.Resolve(Records.Make("c", recorded, pid: 10, startTime: 500), _processes).Should().Be(expected);
    }

    [Fact]
    public void GoneInitMeansStopped() =>
        StatusResolver.Resolve(Records.Make("c", "running", pid: 10), _processes).Should().Be(ContainerStatus.Stopped);

    [Fact]
    public void ZombieInitMeansStopped()
    {
        _processes.Processes[10] = new ProcessSnapshot(500, 'Z');
        StatusResolver.Resolve(Records.Make("c", "running", pid: 10, startTime: 500), _processes).Should().Be(ContainerStatus.Stopped);
    }

    [Fact]
    public void ReusedPidMeansStopped()
    {
        _processes.Processes[10] = new ProcessSnapshot(999, 'S');
        StatusResolver.Resolve(Records.Make("c", "running", pid: 10, startTime: 500), _processes).Should().Be(ContainerStatus.Stopped);
    }

    [Fact]
    public void RecordedStoppedStaysStoppedEvenIfThePidLives()
    {
        _processes.Processes[10] = new ProcessSnapshot(500, 'S');
        StatusResolver.Resolve(Records.Make("c", "stopped", pid: 10, startTime: 500), _processes).Should().Be(ContainerStatus.Stopped);
    }

    [Fact]
    public void CreatingWithoutPidYetIsCreating() =>
        StatusResolver.Resolve(Records.Make("c", "creating", pid: 0), _processes).Should().Be(ContainerStatus.Creating);

    [Fact]
    public void UnknownRecordedStatusIsStopped() =>
        StatusResolver.Resolve(Records.Make("c", "exploded", pid: 0), _processes).Should().Be(ContainerStatus.Stopped);
}
