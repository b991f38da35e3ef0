using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Failures end with one logrus-shaped error line: containerd reads the last JSON error line
/// of --log as the reason a call failed, and shows stderr when there is no log.
/// </summary>
public sealed class LoggingTests : IDisposable
{
    private const string Previous = "{\"level\":\"info\",\"msg\":\"an earlier call\",\"time\":\"2026-01-01T00:00:00Z\"}";

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string LogPath => Path.Combine(_sandbox.Directory, "ocirt.log");

    private string[] LogFileLines() =>
        File.Exists(LogPath) ? File.ReadAllLines(LogPath).Where(l => l.Length > 0).ToArray() : [];

    [Fact]
    public void JsonLogGetsExactlyOneErrorLineAppended()
    {
        File.WriteAllText(LogPath, Previous + "\n");

        var result = Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "--log-format", "json", "state", "nobody");

        result.ExitCode.Should().Be(1, result.ToString());
        var lines = LogFileLines();
        lines.Should().HaveCount(2, "one line is appended to the existing log");
        lines[0].Should().Be(Previous, "the log is appended to, not truncated");
        var entry = LogLines.ParseJson(lines[1]);
        entry.Should().NotBeNull("the new line is a logrus JSON line with level, msg and time: {0}", lines[1]);
        entry!.Level.Should().Be("error");
        entry.Message.Should().Contain("\"nobody\"").And.Contain("does not exist");
        LogLines.IsRfc3339(entry.Time).Should().BeTrue(entry.Time);
        lines[1].Should().StartWith("{\"level\":\"error\",\"msg\":", "logrus sorts the keys");
        lines[1].Should().Contain("\\\"nobody\\\"", "quotes are escaped as Go's encoder does, not as \\u0022");
        result.Stderr.TrimEnd('\n').Should().Be(entry.Message, "the plain message also goes to stderr");
    }

    [Fact]
    public void TextLogGetsExactlyOneErrorLine()
    {
        var result = Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "kill", "nobody", "KILL");

        result.ExitCode.Should().Be(1, result.ToString());
        var lines = LogFileLines();
        lines.Should().ContainSingle();
        var entry = LogLines.ParseText(lines[0]);
        entry.Should().NotBeNull("time=\"…\" level=error msg=\"…\": {0}", lines[0]);
        entry!.Level.Should().Be("error");
        entry.Message.Should().Contain("\"nobody\"").And.Contain("does not exist");
        LogLines.IsRfc3339(entry.Time).Should().BeTrue(entry.Time);
        lines[0].Should().Contain("msg=\"container \\\"nobody\\\" does not exist\"", "the message is Go-quoted");
        result.Stderr.TrimEnd('\n').Should().Be(entry.Message);
    }

    [Fact]
    public void SuccessiveFailuresAppend()
    {
        Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "--log-format=json", "state", "first").ExitCode.Should().Be(1);
        Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "--log-format=json", "delete", "second").ExitCode.Should().Be(1);

        var entries = LogFileLines().Select(LogLines.ParseJson).ToList();
        entries.Should().HaveCount(2).And.OnlyContain(e => e != null && e.Level == "error");
        entries[0]!.Message.Should().Contain("first");
        entries[1]!.Message.Should().Contain("second");
    }

    [Fact]
    public void WithoutLogTheTextLineGoesToStderr()
    {
        var result = _sandbox.Run("state", "nobody");

        LogLines.ExpectTextError(result).Should().Be("container \"nobody\" does not exist");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void WithoutLogTheJsonLineGoesToStderr()
    {
        var result = Ocirt.Run("--root", _sandbox.Root, "--log-format", "json", "state", "nobody");

        result.ExitCode.Should().Be(1, result.ToString());
        result.StderrLines.Should().ContainSingle("only the error line, once:\n{0}", result);
        var entry = LogLines.ParseJson(result.LastStderrLine);
        entry.Should().NotBeNull(result.ToString());
        entry!.Level.Should().Be("error");
        entry.Message.Should().Contain("nobody");
    }

    [Fact]
    public void DebugStillEndsWithOneErrorLine()
    {
        var result = Ocirt.Run("--root", _sandbox.Root, "--debug", "--log", LogPath, "--log-format", "json", "state", "nobody");

        result.ExitCode.Should().Be(1, result.ToString());
        var entries = LogFileLines().Select(l => LogLines.ParseJson(l)).ToList();
        entries.Should().NotBeEmpty().And.OnlyContain(e => e != null, "every log line is JSON");
        entries.Count(e => e!.Level == "error").Should().Be(1);
        entries[^1]!.Level.Should().Be("error", "the error is the last line");
    }

    [Fact]
    public void SuccessWritesNoErrorLine()
    {
        using var container = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "ok");

        var result = Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "--log-format", "json", "state", "ok");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("\"id\": \"ok\"");
        result.Stderr.Should().BeEmpty();
        LogFileLines().Select(LogLines.ParseJson).Should().NotContain(e => e == null || e.Level == "error");
    }

    [Fact]
    public void DevStderrAsLogIsStderr()
    {
        var result = Ocirt.Run("--root", _sandbox.Root, "--log", "/dev/stderr", "state", "nobody");

        LogLines.ExpectTextError(result).Should().Contain("nobody");
        result.StderrLines.Should().ContainSingle("the message is not repeated when the log is stderr:\n{0}", result);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("JSON")]
    [InlineData("xml")]
    public void UnknownLogFormatFails(string format)
    {
        var result = Ocirt.Run("--root", _sandbox.Root, "--log", LogPath, "--log-format", format, "list");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty("the verb must not run:\n{0}", result);
        LogLines.ExpectTextError(result).Should().Contain(format);
    }

    [Theory]
    [InlineData("missing-dir/ocirt.log")]
    [InlineData("")]
    public void UnopenableLogFileFailsCleanly(string relative)
    {
        // A directory, or a file in a directory that does not exist: the log cannot be opened.
        var path = relative.Length == 0 ? _sandbox.Directory : Path.Combine(_sandbox.Directory, relative);

        var result = Ocirt.Run("--root", _sandbox.Root, "--log", path, "state", "nobody");

        result.ExitCode.Should().Be(1, "a log that cannot be opened is an error, not a crash:\n{0}", result);
        result.Stderr.Should().NotContain("Unhandled exception", result.ToString());
        result.Stderr.Should().Contain(path, "the error names the log file:\n{0}", result);
    }
}
