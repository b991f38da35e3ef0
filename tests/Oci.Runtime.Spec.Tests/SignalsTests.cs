namespace Oci.Runtime.Spec.Tests;

public sealed class SignalsTests
{
    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("SIGTERM", 15)]
    [InlineData("sigkill", 9)]
    [InlineData("15", 15)]
    [InlineData("SIGCHLD", 17)]
    [InlineData("CLD", 17)]
    [InlineData("IOT", 6)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    [InlineData("SIGRTMAX", 64)]
    [InlineData("64", 64)]
    public void Parses_names_and_numbers(string text, int number)
    {
        Signals.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-9")]
    [InlineData("RTMIN+31")]
    [InlineData("RTMAX-31")]
    [InlineData("RTMIN+")]
    [InlineData("SIG")]
    public void Rejects_unknown_signals(string text)
    {
        Signals.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(15, "TERM")]
    [InlineData(9, "KILL")]
    [InlineData(34, "RTMIN")]
    [InlineData(40, "RTMIN+6")]
    [InlineData(64, "RTMAX")]
    [InlineData(99, "99")]
    public void Names_numbers(int number, string name)
    {
        Signals.NameOf(number).Should().Be(name);
    }
}
