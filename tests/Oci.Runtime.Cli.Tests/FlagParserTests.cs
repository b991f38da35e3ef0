using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Tests;

public class FlagParserTests
{
    private static readonly Flag[] Flags =
    [
        new("bundle", FlagKind.String, "", Alias: "b"),
        new("detach", FlagKind.Bool, "", Alias: "d"),
        new("env", FlagKind.StringList, "", Alias: "e"),
        new("preserve-fds", FlagKind.Int, "", Default: "0"),
        new("interval", FlagKind.Duration, "", Default: "5s"),
    ];

    private static ParsedArguments Parse(bool stop = false, params string[] args) => FlagParser.Parse(Flags, args, stop);

    [Theory]
    [InlineData("--bundle", "/b")]
    [InlineData("-bundle", "/b")]
    [InlineData("-b", "/b")]
    [InlineData("--b", "/b")]
    public void LongShortAndSingleDashFormsAreTheSameFlag(string flag, string value) =>
        Parse(false, flag, value, "id").String("bundle").Should().Be("/b");

    [Theory]
    [InlineData("--bundle=/b")]
    [InlineData("-bundle=/b")]
    [InlineData("-b=/b")]
    public void ValueAfterEqualsSign(string arg) => Parse(false, arg, "id").String("bundle").Should().Be("/b");

    [Fact]
    public void ValueMayContainEqualsSigns() => Parse(false, "--bundle=/a=b").String("bundle").Should().Be("/a=b");

    [Fact]
    public void BooleansDoNotTakeTheNextArgument()
    {
        var parsed = Parse(false, "-d", "id");
        parsed.Bool("detach").Should().BeTrue();
        parsed.Positional.Should().Equal("id");
    }

    [Theory]
    [InlineData("--detach=false", false)]
    [InlineData("--detach=true", true)]
    [InlineData("--detach=1", true)]
    [InlineData("--detach=F", false)]
    public void BooleanWithExplicitValue(string arg, bool expected) => Parse(false, arg).Bool("detach").Should().Be(expected);

    [Fact]
    public void FlagsMayFollowPositionalArgumentsLikeUrfaveReorders()
    {
        var parsed = Parse(false, "id", "--detach", "--bundle", "/b");
        parsed.Positional.Should().Equal("id");
        parsed.Bool("detach").Should().BeTrue();
        parsed.String("bundle").Should().Be("/b");
    }

    [Fact]
    public void ExecStyleStopsAtTheFirstPositional()
    {
        var parsed = Parse(true, "-d", "id", "ls", "-la", "--detach");
        parsed.Bool("detach").Should().BeTrue();
        parsed.Positional.Should().Equal("id", "ls", "-la", "--detach");
    }

    [Fact]
    public void DoubleDashEndsFlags() => Parse(false, "--", "-d").Positional.Should().Equal("-d");

    [Fact]
    public void SingleDashIsPositional() => Parse(false, "-").Positional.Should().Equal("-");

    [Fact]
    public void ListFlagsCollectEveryOccurrence() =>
        Parse(false, "-e", "A=1", "--env=B=2").Strings("env").Should().Equal("A=1", "B=2");

    [Fact]
    public void LastValueOfAScalarFlagWins() => Parse(false, "-b", "/x", "-b", "/y").String("bundle").Should().Be("/y");

    [Fact]
    public void DefaultsApplyWhenAbsent()
    {
        var parsed = Parse(false);
        parsed.Int("preserve-fds").Should().Be(0);
        parsed.Duration("interval").Should().Be(TimeSpan.FromSeconds(5));
        parsed.String("bundle").Should().BeNull();
        parsed.IsSet("bundle").Should().BeFalse();
    }

    [Fact]
    public void UnknownFlagIsNamed() =>
        FluentActions.Invoking(() => Parse(false, "--bogus")).Should().Throw<OcirtException>()
            .WithMessage("flag provided but not defined: -bogus");

    [Fact]
    public void MissingValueIsNamed() =>
        FluentActions.Invoking(() => Parse(false, "--bundle")).Should().Throw<OcirtException>()
            .WithMessage("flag needs an argument: -bundle");

    [Theory]
    [InlineData("--preserve-fds", "three")]
    [InlineData("--interval", "5 parsecs")]
    [InlineData("--detach=maybe", null)]
    public void MalformedValuesAreRefused(string flag, string? value)
    {
        var args = value is null ? new[] { flag } : new[] { flag, value };
        FluentActions.Invoking(() => Parse(false, args)).Should().Throw<OcirtException>().WithMessage("invalid value*");
    }

    [Fact]
    public void TripleDashIsBadSyntax() =>
        FluentActions.Invoking(() => Parse(false, "---bundle")).Should().Throw<OcirtException>().WithMessage("bad flag syntax*");
}
