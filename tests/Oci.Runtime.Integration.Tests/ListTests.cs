using System.Text;
using System.Text.Json;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`list` in runc's three shapes: the tabwriter table, --format json, and -q.</summary>
public sealed class ListTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Header = ["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"];

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>
    /// Go's text/tabwriter as runc sets it up (minwidth 12, tabwidth 1, padding 3, ' ', no flags)
    /// for rows "a\tb\t…\tf\n": each tab-terminated cell is padded to max(12, widest + 3); the text
    /// after the last tab is not a cell and is written as is.
    /// </summary>
    private static string Tabwriter(IReadOnlyList<string[]> rows)
    {
        var columns = rows[0].Length - 1;
        var widths = Enumerable.Range(0, columns).Select(c => Math.Max(12, rows.Max(r => r[c].Length) + 3)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < columns; c++)
                text.Append(row[c]).Append(' ', widths[c] - row[c].Length);
            text.Append(row[^1]).Append('\n');
        }
        return text.ToString();
    }

    [Fact]
    public void EmptyRootPrintsOnlyTheHeader()
    {
        var result = _sandbox.Run("list");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be(Tabwriter([Header]));
        result.Stdout.Should().Be("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
        _sandbox.RootEntries().Should().BeEmpty("list must not create the root");
    }

    [Fact]
    public void EmptyHeaderMatchesRunc()
    {
        var runc = SpecCommandTests.FindOnPath("runc");
        var ours = _sandbox.Run("list");
        ours.ExitCode.Should().Be(0, ours.ToString());
        if (runc is null)
        {
            output.WriteLine("runc is not on PATH: NOT comparing the list header with runc's; only ocirt's literal header is checked.");
            return;
        }
        var runcRoot = Path.Combine(_sandbox.Directory, "runc-root");
        var theirs = Ocirt.Execute(runc, ["--root", runcRoot, "list"], null, Ocirt.DefaultTimeout);
        theirs.ExitCode.Should().Be(0, theirs.ToString());
        ours.Stdout.Should().Be(theirs.Stdout, "the table header is byte for byte runc's");
    }

    [Fact]
    public void TableListsEveryContainerLikeRunc()
    {
        var longBundle = Path.Combine(_sandbox.Directory, "a-bundle-with-a-long-name");
        using var running = SeededContainer.Start(_sandbox.Root, longBundle, "a-rather-long-container-id");
        using var dead = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "b");
        dead.KillExternally();
        using var created = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "c", status: "created");

        var result = _sandbox.Run("list");

        result.ExitCode.Should().Be(0, result.ToString());
        var owner = Environment.UserName;
        string[][] rows =
        [
            Header,
            ["a-rather-long-container-id", running.Pid.ToString(), "running", longBundle, SeededContainer.Created, owner],
            ["b", "0", "stopped", _sandbox.Bundle, SeededContainer.Created, owner],
            ["c", created.Pid.ToString(), "created", _sandbox.Bundle, SeededContainer.Created, owner],
        ];
        result.Stdout.Should().Be(Tabwriter(rows), "runc's tabwriter layout, sorted by id:\n{0}", result);
    }

    [Fact]
    public void JsonFormatIsAnArrayOfStates()
    {
        using var running = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "run1",
            annotations: new() { ["k"] = "v" });
        using var dead = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "dead1");
        dead.KillExternally();

        foreach (var flags in new[] { new[] { "--format", "json" }, ["-f", "json"], ["--format=json"] })
        {
            var result = _sandbox.Run(["list", .. flags]);

            result.ExitCode.Should().Be(0, result.ToString());
            result.StdoutLines.Should().HaveCount(1, "runc prints the array on one line");
            using var document = JsonDocument.Parse(result.Stdout);
            document.RootElement.ValueKind.Should().Be(JsonValueKind.Array);
            var byId = document.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
            byId.Keys.Should().BeEquivalentTo(["run1", "dead1"]);
            foreach (var entry in byId.Values)
            {
                entry.EnumerateObject().Select(p => p.Name).Should().Contain(
                    ["ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "owner"]);
                entry.GetProperty("bundle").GetString().Should().Be(_sandbox.Bundle);
                entry.GetProperty("rootfs").GetString().Should().Be(Path.Combine(_sandbox.Bundle, "rootfs"));
                entry.GetProperty("created").GetString().Should().Be(SeededContainer.Created);
                entry.GetProperty("owner").GetString().Should().Be(Environment.UserName);
                entry.GetProperty("ociVersion").GetString().Should().Be("1.3.0");
            }
            byId["run1"].GetProperty("status").GetString().Should().Be("running");
            byId["run1"].GetProperty("pid").GetInt32().Should().Be(running.Pid);
            byId["run1"].GetProperty("annotations").GetProperty("k").GetString().Should().Be("v");
            byId["dead1"].GetProperty("status").GetString().Should().Be("stopped");
            byId["dead1"].GetProperty("pid").GetInt32().Should().Be(0);
        }
    }

    [Fact]
    public void JsonFormatOfAnEmptyRootIsAnEmptyList()
    {
        var result = _sandbox.Run("list", "--format", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        // runc prints `null` (a nil Go slice), ocirt `[]`; both decode to no containers.
        (document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Null).Should().BeTrue(result.ToString());
        if (document.RootElement.ValueKind == JsonValueKind.Array)
            document.RootElement.GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("-q")]
    [InlineData("--quiet")]
    [InlineData("-quiet")]
    public void QuietPrintsIdsOnly(string quiet)
    {
        using var one = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "zeta");
        using var two = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "alpha");
        using var three = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "mid", status: "created");

        var result = _sandbox.Run("list", quiet);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("alpha\nmid\nzeta\n");
    }

    [Fact]
    public void DirectoriesWithoutStateAreNotContainers()
    {
        using var real = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "real");
        Directory.CreateDirectory(Path.Combine(_sandbox.Root, "not-a-container"));
        File.WriteAllText(Path.Combine(_sandbox.Root, "stray-file"), "");

        var result = _sandbox.Run("list", "-q");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("real\n");
    }

    [Fact]
    public void UnknownFormatFails()
    {
        var result = _sandbox.Run("list", "--format", "yaml");

        LogLines.ExpectTextError(result).Should().Contain("yaml");
    }
}
