using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`delete` removes stopped containers, refuses running ones, and `--force` kills first.</summary>
public sealed class DeleteTests : IDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void StoppedContainerIsRemoved()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d");
        container.KillExternally();

        var result = _sandbox.Run("delete", "d");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().BeEmpty();
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void RunningContainerIsNotDeletedWithoutForce()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d");

        var result = _sandbox.Run("delete", "d");

        LogLines.ExpectTextError(result).Should().Contain("that is not stopped");
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue();
        _sandbox.RootEntries().Should().Equal("d");
        File.Exists(Path.Combine(_sandbox.Root, "d", "state.json")).Should().BeTrue();
    }

    [Theory]
    [InlineData("--force")]
    [InlineData("-f")]
    [InlineData("-force")]
    [InlineData("--force=true")]
    public void ForceKillsTheInitAndRemoves(string force)
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d");

        var result = _sandbox.Run("delete", force, "d");

        result.ExitCode.Should().Be(0, result.ToString());
        container.WaitForExit(ExitWait).Should().Be(128 + 9, "delete --force uses SIGKILL");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void ForceMayFollowTheId()
    {
        // urfave/cli (runc) lets flags follow positional arguments.
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d");

        var result = _sandbox.Run("delete", "d", "--force");

        result.ExitCode.Should().Be(0, result.ToString());
        container.WaitForExit(ExitWait);
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void CreatedContainerIsKilledAndRemovedWithoutForce()
    {
        // runc: a created container's init only waits to be started, so delete kills it.
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d", status: "created");

        var result = _sandbox.Run("delete", "d");

        result.ExitCode.Should().Be(0, result.ToString());
        container.WaitForExit(ExitWait).Should().Be(128 + 9);
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void ForceOnReusedPidRemovesWithoutSignalling()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d", startTimeSkew: 1);

        var result = _sandbox.Run("delete", "--force", "d");

        result.ExitCode.Should().Be(0, result.ToString());
        _sandbox.RootEntries().Should().BeEmpty();
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue("the process holding the reused pid is not the container's init");
    }

    [Fact]
    public void ReusedPidIsStoppedSoPlainDeleteRemoves()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "d", startTimeSkew: 1);

        var result = _sandbox.Run("delete", "d");

        result.ExitCode.Should().Be(0, result.ToString());
        _sandbox.RootEntries().Should().BeEmpty();
        container.IsAlive.Should().BeTrue();
    }

    [Fact]
    public void ForceOnMissingIdSucceeds()
    {
        var result = _sandbox.Run("delete", "--force", "ghost");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void MissingIdWithoutForceFails()
    {
        var result = _sandbox.Run("delete", "ghost");

        LogLines.ExpectTextError(result).Should().Contain("container \"ghost\" does not exist");
    }

    [Fact]
    public void OnlyTheNamedContainerIsRemoved()
    {
        using var keep = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "keep");
        using var drop = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "drop");

        _sandbox.Run("delete", "--force", "drop").ExitCode.Should().Be(0);

        _sandbox.RootEntries().Should().Equal("keep");
        keep.IsAlive.Should().BeTrue();
        drop.WaitForExit(ExitWait);
    }

    [Fact]
    public void ForceWithBadIdFails()
    {
        var result = _sandbox.Run("delete", "--force", "..");

        LogLines.ExpectTextError(result).Should().Contain("container id");
        Directory.Exists(_sandbox.Directory).Should().BeTrue("delete must never climb out of --root");
        _sandbox.SandboxEntries().Should().Contain("bundle");
    }
}
