using System.Diagnostics;
using Oci.Runtime.Linux;

namespace Oci.Runtime.Linux.Tests;

public class ProcFsProcessProbeTests
{
    [Fact]
    public void ParsesStateAndStartTimePastATrickyCommand()
    {
        // comm may contain spaces and ')' — fields must be counted from the last ')'.
        const string stat = "1234 (evil) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000000 200 " +
                            "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        var snapshot = ProcFsProcessProbe.Parse(stat);
        snapshot.Should().NotBeNull();
        snapshot!.Value.State.Should().Be('S');
        snapshot.Value.StartTime.Should().Be(98765UL);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234 (x) S 1 2")]
    [InlineData("no parenthesis at all")]
    public void RejectsTruncatedStat(string stat) => ProcFsProcessProbe.Parse(stat).Should().BeNull();

    [Fact]
    public void ProbesThisProcess()
    {
        var snapshot = new ProcFsProcessProbe().Probe(Environment.ProcessId);
        snapshot.Should().NotBeNull();
        snapshot!.Value.IsZombie.Should().BeFalse();
        snapshot.Value.StartTime.Should().BeGreaterThan(0);
    }

    [Fact]
    public void ProbeOfAnUnusedPidIsNull() => new ProcFsProcessProbe().Probe(int.MaxValue).Should().BeNull();

    [Fact]
    public void StartTimeIsStableForOneProcessAndDiffersBetweenProcesses()
    {
        var probe = new ProcFsProcessProbe();
        using var first = Sleeper.Start();
        Thread.Sleep(20);
        using var second = Sleeper.Start();
        probe.Probe(first.Id)!.Value.StartTime.Should().Be(probe.Probe(first.Id)!.Value.StartTime);
        probe.Probe(second.Id)!.Value.StartTime.Should().BeGreaterThanOrEqualTo(probe.Probe(first.Id)!.Value.StartTime);
    }
}

/// <summary>A real `sleep` child for tests that signal processes; killed on dispose.</summary>
internal sealed class Sleeper : IDisposable
{
    private readonly Process _process;

    private Sleeper(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static Sleeper Start() => new(Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!);

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
