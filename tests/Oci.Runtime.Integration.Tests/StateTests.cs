using System.Text.Json;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`state` reports the live status of containers whose init is a real process.</summary>
public sealed class StateTests : IDisposable
{
    private static readonly string[] FieldOrder =
        ["ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"];

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private JsonElement State(string id, out RunResult result)
    {
        result = _sandbox.Run("state", id);
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    [Fact]
    public void RunningContainerReportsItsInitPid()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "web",
            annotations: new() { ["org.example/key"] = "a value with \"quotes\" & +" });

        var state = State("web", out var result);

        state.GetProperty("status").GetString().Should().Be("running", result.ToString());
        state.GetProperty("pid").GetInt32().Should().Be(container.Pid);
        state.GetProperty("id").GetString().Should().Be("web");
        state.GetProperty("ociVersion").GetString().Should().Be("1.3.0");
        state.GetProperty("bundle").GetString().Should().Be(_sandbox.Bundle);
        state.GetProperty("rootfs").GetString().Should().Be(Path.Combine(_sandbox.Bundle, "rootfs"));
        state.GetProperty("created").GetString().Should().Be(SeededContainer.Created);
        state.GetProperty("owner").GetString().Should().Be(Environment.UserName);
        state.GetProperty("annotations").GetProperty("org.example/key").GetString().Should().Be("a value with \"quotes\" & +");
        state.EnumerateObject().Select(p => p.Name).Should().Equal(FieldOrder, "runc's field order");
        result.Stdout.Should().StartWith("{\n  \"ociVersion\": ", "indented by two spaces like runc's json.MarshalIndent");
        container.IsAlive.Should().BeTrue("state must not disturb the init");
    }

    [Fact]
    public void CreatedStatusIsKeptWhileTheInitLives()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "c1", status: "created");

        var state = State("c1", out _);

        state.GetProperty("status").GetString().Should().Be("created");
        state.GetProperty("pid").GetInt32().Should().Be(container.Pid);
    }

    [Fact]
    public void AnnotationsAreOmittedWhenThereAreNone()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "plain");

        var state = State("plain", out _);

        state.TryGetProperty("annotations", out _).Should().BeFalse("runc omits empty annotations");
        state.EnumerateObject().Select(p => p.Name).Should().Equal(FieldOrder.Where(f => f != "annotations"));
    }

    [Fact]
    public void InitKilledOutsideOcirtMakesTheContainerStoppedWithPidZero()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "gone");
        State("gone", out _).GetProperty("status").GetString().Should().Be("running");

        container.KillExternally();
        var state = State("gone", out var result);

        state.GetProperty("status").GetString().Should().Be("stopped", result.ToString());
        state.GetProperty("pid").GetInt32().Should().Be(0, "runc reports pid 0 once the init is gone");
    }

    [Fact]
    public void ReusedPidMakesTheContainerStopped()
    {
        // The recorded start time is not the live process's: its pid now belongs to someone else.
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "reused", startTimeSkew: 1);

        var state = State("reused", out var result);

        state.GetProperty("status").GetString().Should().Be("stopped", result.ToString());
        state.GetProperty("pid").GetInt32().Should().Be(0);
        container.IsAlive.Should().BeTrue();
    }

    [Fact]
    public void RecordedStoppedStaysStoppedEvenIfThePidLives()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "done", status: "stopped");

        var state = State("done", out _);

        state.GetProperty("status").GetString().Should().Be("stopped");
        state.GetProperty("pid").GetInt32().Should().Be(0);
    }

    [Fact]
    public void MissingContainerFails()
    {
        var result = _sandbox.Run("state", "nobody");

        LogLines.ExpectTextError(result).Should().Contain("container \"nobody\" does not exist");
        result.Stdout.Should().BeEmpty();
        _sandbox.RootEntries().Should().BeEmpty("state must not create anything");
    }

    [Fact]
    public void CorruptStateFileFailsNamingTheFile()
    {
        var directory = Path.Combine(_sandbox.Root, "broken");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "state.json"), "{not json");

        var result = _sandbox.Run("state", "broken");

        LogLines.ExpectTextError(result).Should().Contain(Path.Combine(directory, "state.json"));
    }

    [Theory]
    [InlineData("../root")]
    [InlineData("a/b")]
    public void BadIdIsRejected(string id)
    {
        var result = _sandbox.Run("state", id);

        LogLines.ExpectTextError(result).Should().Contain("container id").And.Contain($"\"{id}\"");
    }
}
