using Oci.Runtime.Cli.Commands;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Tests;

/// <summary>`ps` keeps the header of the host's ps output and the lines of the container's pids, as runc does.</summary>
public class PsTableTests
{
    private const string Output =
        "UID          PID    PPID  C STIME TTY          TIME CMD\n" +
        "root           1       0  0 10:00 ?        00:00:01 /sbin/init\n" +
        "root         100       1  0 10:00 ?        00:00:00 sleep 100\n" +
        "root         101     100  0 10:00 ?        00:00:00 sh -c 1 2 3\n";

    [Fact]
    public void KeepsTheHeaderAndTheContainersLines() =>
        PsCommand.KeepContainerLines(Output, [100, 101]).Should().Be(
            "UID          PID    PPID  C STIME TTY          TIME CMD\n" +
            "root         100       1  0 10:00 ?        00:00:00 sleep 100\n" +
            "root         101     100  0 10:00 ?        00:00:00 sh -c 1 2 3\n");

    [Fact]
    public void ThePidColumnIsFoundByName() =>
        PsCommand.KeepContainerLines("COMMAND PID\nsleep 7\ninit 1\n", [7]).Should().Be("COMMAND PID\nsleep 7\n");

    [Fact]
    public void NoPidColumnIsAnError()
    {
        var filter = () => PsCommand.KeepContainerLines("COMMAND\nsleep\n", [7]);

        filter.Should().Throw<OcirtException>().WithMessage("couldn't find PID field in ps output");
    }

    [Fact]
    public void AnUnreadablePidIsAnError()
    {
        var filter = () => PsCommand.KeepContainerLines("PID CMD\nx sleep\n", [7]);

        filter.Should().Throw<OcirtException>().WithMessage("unable to parse pid: strconv.Atoi: parsing \"x\": invalid syntax");
    }

    [Fact]
    public void JsonIsGosEncodingOfAnIntSlice()
    {
        PsCommand.JsonArray([5, 7]).Should().Be("[5,7]");
        PsCommand.JsonArray([]).Should().Be("null");
    }
}
