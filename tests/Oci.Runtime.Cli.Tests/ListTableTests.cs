using Oci.Runtime.Cli.Commands;
using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Cli.Tests;

public class ListTableTests
{
    [Fact]
    public void ColumnsArePaddedLikeGosTabwriter()
    {
        var record = new ContainerRecord { Id = "a-rather-long-id", Pid = 42, Bundle = "/b", Created = "2026-11-29T01:02:03.000000001Z" };
        var table = ListCommand.Table([ContainerStateView.From(record, ContainerStatus.Running, "root")]);
        table.Should().Be(
            "ID                 PID         STATUS      BUNDLE      CREATED                          OWNER\n" +
            "a-rather-long-id   42          running     /b          2026-11-29T01:02:03.000000001Z   root\n");
    }
}
