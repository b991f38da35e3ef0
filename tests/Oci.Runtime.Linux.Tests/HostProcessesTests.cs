using Oci.Runtime.Linux;

namespace Oci.Runtime.Linux.Tests;

public class HostProcessesTests
{
    private readonly HostProcesses _processes = new();

    [Fact]
    public void SignalsTheProcessThatStartedAtTheRecordedTime()
    {
        using var sleeper = Sleeper.Start();
        var startTime = _processes.Probe(sleeper.Id)!.Value.StartTime;

        _processes.Signal(sleeper.Id, startTime, 15).Should().BeTrue();
        sleeper.WaitForExit(TimeSpan.FromSeconds(5)).Should().BeTrue();
    }

    [Fact]
    public void RefusesToSignalAPidThatStartedAtAnotherTime()
    {
        using var sleeper = Sleeper.Start();
        var startTime = _processes.Probe(sleeper.Id)!.Value.StartTime;

        _processes.Signal(sleeper.Id, startTime + 1, 9).Should().BeFalse();
        sleeper.WaitForExit(TimeSpan.FromMilliseconds(200)).Should().BeFalse("a reused pid must not be signalled");
    }

    [Fact]
    public void SignalToAGonePidIsFalse() => _processes.Signal(int.MaxValue - 1, 1, 15).Should().BeFalse();

    [Fact]
    public void SignalZeroProbesWithoutHarm()
    {
        using var sleeper = Sleeper.Start();
        var startTime = _processes.Probe(sleeper.Id)!.Value.StartTime;
        _processes.Signal(sleeper.Id, startTime, 0).Should().BeTrue();
        sleeper.HasExited.Should().BeFalse();
    }
}
