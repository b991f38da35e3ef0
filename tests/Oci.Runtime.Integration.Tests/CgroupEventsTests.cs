using System.Text.Json;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`events`: runc's stats line, and an OOM kill in a 32 MiB container streamed as {"type":"oom"}.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupEventsTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void StatsPrintsOneLineInRuncsShape()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");

        var events = c.Ocirt("events", "--stats", c.Id);

        events.ExitCode.Should().Be(0, events.ToString());
        events.StdoutLines.Should().HaveCount(1);
        var line = JsonDocument.Parse(events.StdoutLines[0]).RootElement;
        line.GetProperty("type").GetString().Should().Be("stats");
        line.GetProperty("id").GetString().Should().Be(c.Id);
        var data = line.GetProperty("data");
        data.GetProperty("memory").GetProperty("usage").GetProperty("usage").GetUInt64().Should().BeGreaterThan(0);
        data.GetProperty("pids").GetProperty("current").GetUInt64().Should().BeGreaterThanOrEqualTo(1);
        data.GetProperty("cpu").GetProperty("usage").GetProperty("total").GetUInt64().Should().BeGreaterThan(0);
        data.TryGetProperty("blkio", out _).Should().BeTrue();
        data.TryGetProperty("hugetlb", out _).Should().BeTrue();
    }

    [Fact]
    public void AnOomKillIsStreamedAndTheStreamEndsWithTheContainer()
    {
        // The hog waits for /go, so the stream is watching before it starts; the init survives it.
        const string hog = "while [ ! -e /go ]; do usleep 100000; done; sh -c 'x=$(yes | head -c 104857600)'; sleep 1000";
        using var c = CgroupTestContainer.Run(_sandbox, hog,
            config => config["linux"]!["resources"]!["memory"] = new JsonObject { ["limit"] = 32 * 1024 * 1024 });
        var (events, lines) = c.StartStreaming("events", "--interval", "1s", c.Id);
        using (events)
        {
            try
            {
                lines.TryTake(out var first, TimeSpan.FromSeconds(10)).Should().BeTrue("a stats line comes every second");
                first.Should().Contain("\"type\":\"stats\"");
                File.WriteAllText(Path.Combine(c.Rootfs, "go"), "");

                var seen = new List<string>();
                while (!seen.Any(l => l.Contains("\"type\":\"oom\"")))
                {
                    lines.TryTake(out var line, TimeSpan.FromSeconds(30)).Should().BeTrue($"an oom event comes (seen: {string.Join('\n', seen)})");
                    seen.Add(line!);
                }
                seen.Last().Should().Be($$"""{"type":"oom","id":"{{c.Id}}"}""");
                // The kernel may kill the hog's shell and its command substitution both: one or more.
                c.ReadCgroupFile("memory", "memory.oom_control").Should().MatchRegex(@"(?m)^oom_kill [1-9]");

                c.Ocirt("kill", c.Id, "KILL").ExitCode.Should().Be(0);
                events.WaitForExit(TimeSpan.FromSeconds(10)).Should().BeTrue("events stops with the container");
                events.ExitCode.Should().Be(0);
            }
            finally
            {
                if (!events.HasExited)
                    events.Kill();
            }
        }
    }

    [Fact]
    public void AStoppedContainerHasNoEvents()
    {
        using var c = CgroupTestContainer.Run(_sandbox, "sleep 1000");
        c.Ocirt("kill", c.Id, "KILL").ExitCode.Should().Be(0);
        c.WaitUntilStopped();

        LogLines.ExpectTextError(c.Ocirt("events", "--stats", c.Id)).Should().Be($"container with id {c.Id} is not running");
        LogLines.ExpectTextError(c.Ocirt("events", "--interval", "0s", c.Id)).Should().Be("duration interval must be greater than 0");
        LogLines.ExpectTextError(c.Ocirt("events", "ghost")).Should().Contain("container \"ghost\" does not exist");
    }
}
