using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`kill` signals the recorded init, and never a process that merely reuses its pid.</summary>
public sealed class KillTests : IDisposable
{
    private const int KilledBy = 128; // Process.ExitCode of a child killed by signal N is 128 + N.
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("KILL", 9)]
    [InlineData("9", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("TERM", 15)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("2", 2)]
    [InlineData("kill", 9)]
    [InlineData("sigusr2", 12)]
    public void SignalsTheInit(string signal, int number)
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");

        var result = _sandbox.Run("kill", "k", signal);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        container.WaitForExit(ExitWait).Should().Be(KilledBy + number, "the init dies of signal {0}", number);
    }

    [Fact]
    public void DefaultSignalIsTerm()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");

        var result = _sandbox.Run("kill", "k");

        result.ExitCode.Should().Be(0, result.ToString());
        container.WaitForExit(ExitWait).Should().Be(KilledBy + 15);
    }

    [Fact]
    public void CreatedContainerCanBeSignalled()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k", status: "created");

        var result = _sandbox.Run("kill", "k", "KILL");

        result.ExitCode.Should().Be(0, result.ToString());
        container.WaitForExit(ExitWait).Should().Be(KilledBy + 9);
    }

    [Fact]
    public void ReusedPidIsNeverSignalled()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k", startTimeSkew: 1);

        var result = _sandbox.Run("kill", "k", "KILL");

        LogLines.ExpectTextError(result).Should().Contain("container not running");
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue("the process holding the reused pid is not the container's init");
    }

    [Fact]
    public void StoppedContainerCannotBeSignalled()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");
        container.KillExternally();

        var result = _sandbox.Run("kill", "k", "KILL");

        LogLines.ExpectTextError(result).Should().Contain("container not running");
    }

    [Fact]
    public void RecordedStoppedIsNotSignalledEvenIfThePidLives()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k", status: "stopped");

        var result = _sandbox.Run("kill", "k", "KILL");

        LogLines.ExpectTextError(result).Should().Contain("container not running");
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue();
    }

    // Signal 0 asks whether the init is alive, as kill(2)'s does, and leaves it running.
    [Fact]
    public void SignalZeroSucceedsOnALiveInitAndLeavesItRunning()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");

        var result = _sandbox.Run("kill", "k", "0");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue();
    }

    [Fact]
    public void SignalZeroOnAStoppedContainerSaysItIsNotRunning()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");
        container.KillExternally();

        var result = _sandbox.Run("kill", "k", "0");

        result.ExitCode.Should().Be(1, result.ToString());
        LogLines.ExpectTextError(result).Should().Contain("container not running").And.NotContain("unknown signal");
    }

    [Theory]
    [InlineData("SIGFOO")]
    [InlineData("FOO")]
    [InlineData("99")]
    [InlineData("-9")]
    [InlineData("")]
    [InlineData("sig kill")]
    public void UnknownSignalFailsAndSendsNothing(string signal)
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");

        var result = _sandbox.Run("kill", "k", signal);

        result.ExitCode.Should().Be(1, result.ToString());
        var message = LogLines.ExpectTextError(result);
        if (signal.Length > 0)
            message.Should().Contain(signal, "the error names what was wrong:\n{0}", result);
        Thread.Sleep(200);
        container.IsAlive.Should().BeTrue("an unknown signal must not be sent");
    }

    [Theory]
    [InlineData("--all")]
    [InlineData("-a")]
    public void KillAllOfAMissingContainerFails(string all)
    {
        var missing = _sandbox.Run("kill", all, "ghost", "KILL");

        LogLines.ExpectTextError(missing).Should().Contain("container \"ghost\" does not exist");
    }

    [Fact]
    public void MissingContainerFails()
    {
        var result = _sandbox.Run("kill", "ghost", "KILL");

        LogLines.ExpectTextError(result).Should().Contain("container \"ghost\" does not exist");
    }

    [Fact]
    public void KillLeavesTheStateInPlace()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "k");

        _sandbox.Run("kill", "k", "KILL").ExitCode.Should().Be(0);
        container.WaitForExit(ExitWait);

        _sandbox.RootEntries().Should().Equal("k");
        var state = _sandbox.Run("state", "k");
        state.Stdout.Should().Contain("\"status\": \"stopped\"", state.ToString());
    }
}
