using Oci.Runtime.Cli.CommandLine;

namespace Oci.Runtime.Cli.Tests;

public class GoDurationTests
{
    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("250ms", 250)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("2000us", 2)]
    public void ParsesGoDurations(string text, double milliseconds)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.TotalMilliseconds.Should().Be(milliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("5d")]
    public void RefusesWhatGoRefuses(string text) => GoDuration.TryParse(text, out _).Should().BeFalse();
}
