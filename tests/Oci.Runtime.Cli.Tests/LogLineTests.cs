using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Cli.Logging;

namespace Oci.Runtime.Cli.Tests;

public class LogLineTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 29, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public void TextLineIsLogrusShaped() =>
        LogLine.Format(LogFormat.Text, LogLevel.Error, "container \"x\" does not exist", Time)
            .Should().Be("time=\"2026-11-29T01:02:03Z\" level=error msg=\"container \\\"x\\\" does not exist\"\n");

    [Fact]
    public void SimpleWordsStayUnquotedAsLogrusDoes() =>
        LogLine.Format(LogFormat.Text, LogLevel.Information, "ready", Time)
            .Should().Be("time=\"2026-11-29T01:02:03Z\" level=info msg=ready\n");

    [Fact]
    public void ControlCharactersAreEscaped() =>
        LogLine.Format(LogFormat.Text, LogLevel.Warning, "a\nb\tc", Time).Should().Contain("level=warning msg=\"a\\nb\\tc\"");

    [Fact]
    public void JsonLineHasLogrusKeysInOrderAndReadableQuotes()
    {
        var line = LogLine.Format(LogFormat.Json, LogLevel.Error, "bad \"id\" + 'x'", Time);
        line.Should().Be("{\"level\":\"error\",\"msg\":\"bad \\\"id\\\" + 'x'\",\"time\":\"2026-11-29T01:02:03Z\"}\n");
        using var document = JsonDocument.Parse(line);
        document.RootElement.GetProperty("msg").GetString().Should().Be("bad \"id\" + 'x'");
    }

    [Fact]
    public void JsonLineEscapesHtmlCharactersAsLogrusDoes() =>
        LogLine.Format(LogFormat.Json, LogLevel.Error, "exec <cmd> & é", Time)
            .Should().Be("{\"level\":\"error\",\"msg\":\"exec \\u003ccmd\\u003e \\u0026 é\",\"time\":\"2026-11-29T01:02:03Z\"}\n");

    [Theory]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Trace, "debug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warning")]
    [InlineData(LogLevel.Error, "error")]
    [InlineData(LogLevel.Critical, "fatal")]
    public void LevelsUseLogrusWords(LogLevel level, string word) => LogLine.LevelName(level).Should().Be(word);
}
