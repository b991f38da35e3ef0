using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`ps`: the container's host pids as JSON, or the host's ps output cut down to them.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupPsTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void JsonListsEveryProcessOfTheCgroup()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000 & sleep 1000");
        CgroupTestContainer.WaitUntil(() => c.Pids().Length == 2, TimeSpan.FromSeconds(10), "both processes are in the cgroup");

        var pids = c.Pids();

        pids.Should().Contain(c.Pid);
        File.ReadAllLines(Path.Combine(c.CgroupDirectory("pids"), "cgroup.procs")).Select(int.Parse).Should().BeEquivalentTo(pids);
    }

    [Fact]
    public void TableKeepsTheHeaderAndTheContainersLines()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var table = c.Ocirt("ps", c.Id);

        table.ExitCode.Should().Be(0, table.ToString());
        table.StdoutLines[0].Should().Contain("PID").And.Contain("CMD");
        table.StdoutLines.Should().HaveCount(2, "the header and the init: {0}", table);
        table.StdoutLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Should().Be(c.Pid.ToString());
    }

    [Fact]
    public void PsOptionsAfterTheIdGoToPs()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var table = c.Ocirt("ps", c.Id, "-o", "pid,comm");

        table.ExitCode.Should().Be(0, table.ToString());
        table.StdoutLines.Should().HaveCount(2);
        table.StdoutLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("PID", "COMMAND");
        table.StdoutLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal(c.Pid.ToString(), "sleep");
    }

    [Fact]
    public void BadFormatAndMissingPidColumnAreErrors()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        LogLines.ExpectTextError(c.Ocirt("ps", "--format", "yaml", c.Id)).Should().Be("invalid format option");
        LogLines.ExpectTextError(c.Ocirt("ps", c.Id, "-o", "comm")).Should().Be("couldn't find PID field in ps output");
        LogLines.ExpectTextError(c.Ocirt("ps", "ghost")).Should().Contain("container \"ghost\" does not exist");
    }
}
