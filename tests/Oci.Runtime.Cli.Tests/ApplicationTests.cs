using System.Text.Json;
using Oci.Runtime.Cli;
using Oci.Runtime.Cli.Commands;

namespace Oci.Runtime.Cli.Tests;

public class ApplicationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocirt-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Root => Path.Combine(_dir, "root");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = Application.Run(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void VersionPrintsTheLinesGoRuncParses()
    {
        var (code, output, _) = Run("--version");
        code.Should().Be(0);
        var lines = output.TrimEnd('\n').Split('\n');
        lines[0].Should().MatchRegex("^ocirt version .+$");
        lines[1].Should().MatchRegex("^commit: .+$");
        lines[2].Should().Be("spec: 1.3.0");
    }

    [Fact]
    public void NoArgumentsPrintsHelpListingEveryVerb()
    {
        var (code, output, _) = Run();
        code.Should().Be(0);
        foreach (var command in CommandTable.All)
            output.Should().Contain($"   {command.Name} ");
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (var command in CommandTable.All)
        {
            var (code, output, _) = Run(command.Name, "--help");
            code.Should().Be(0, command.Name);
            output.Should().StartWith($"NAME:\n   ocirt {command.Name} - ");
            foreach (var flag in command.Flags)
                output.Should().Contain("--" + flag.Name);
            Run("help", command.Name).Out.Should().Be(output);
        }
    }

    [Theory]
    [InlineData("state")]
    [InlineData("start", "a", "b")]
    [InlineData("kill", "a", "TERM", "extra")]
    [InlineData("list", "extra")]
    public void WrongArgumentCountFailsWithRuncsWording(params string[] args)
    {
        var (code, output, errors) = Run(args);
        code.Should().Be(1);
        output.Should().StartWith("Incorrect Usage.");
        errors.Should().MatchRegex($"level=error msg=\"ocirt: \\\\\"{args[0]}\\\\\" requires (exactly|a minimum of|a maximum of) \\d argument\\(s\\)\"\n$");
    }

    // runc: "No help topic for 'x'" and exit 3, for an unknown verb, `help x` and `version` alike.
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("help", "frobnicate")]
    [InlineData("version")]
    public void UnknownVerbIsNamedAndExits3(params string[] args)
    {
        var (code, _, errors) = Run(args);
        code.Should().Be(3);
        errors.Should().Contain($"level=error msg=\"No help topic for '{args[^1]}'\"");
    }

    [Theory]
    [InlineData("flag provided but not defined: -bogus", "state", "--bogus", "x")]
    [InlineData("flag needs an argument: -bundle", "create", "--bundle")]
    public void ABadVerbFlagPrintsIncorrectUsageAndTheVerbsHelpAsRuncDoes(string reason, params string[] args)
    {
        var (code, output, errors) = Run(args);
        code.Should().Be(1);
        output.Should().StartWith($"Incorrect Usage: {reason}\n\nNAME:\n   ocirt {args[0]} - ");
        errors.Should().Contain($"level=error msg=\"{reason}\"");
    }

    [Fact]
    public void BadGlobalFlagFailsBeforeAnyVerb()
    {
        var (code, _, errors) = Run("--log-format", "xml", "list");
        code.Should().Be(1);
        errors.Should().Contain("invalid log-format: xml");
    }

    [Fact]
    public void RootMayNotBeSlash() => Run("--root", "/", "list").Err.Should().Contain("should not be set to /");

    [Fact]
    public void FailureWritesOneJsonErrorLineToTheLogAndThePlainMessageToStderr()
    {
        var log = Path.Combine(_dir, "log.json");
        File.WriteAllText(log, "{\"level\":\"info\",\"msg\":\"earlier\",\"time\":\"2026-01-01T00:00:00Z\"}\n");
        var (code, _, errors) = Run("--root", Root, "--log", log, "--log-format", "json", "state", "missing");
        code.Should().Be(1);
        errors.Should().Be("container \"missing\" does not exist\n");
        var lines = File.ReadAllLines(log);
        lines.Should().HaveCount(2);
        using var last = JsonDocument.Parse(lines[^1]);
        last.RootElement.GetProperty("level").GetString().Should().Be("error");
        last.RootElement.GetProperty("msg").GetString().Should().Be("container \"missing\" does not exist");
    }

    // runc and crun open --log before anything else: a log that cannot be written fails the call
    // even when it would have logged nothing.
    [Fact]
    public void ALogThatCannotBeOpenedFailsUpFrontWithTheErrno()
    {
        var (code, output, errors) = Run("--root", Root, "--log", "/proc/ocirt-no-such.log", "list");
        code.Should().Be(1);
        output.Should().BeEmpty();
        errors.Should().Contain("open /proc/ocirt-no-such.log: no such file or directory");
        errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    // A full log device must neither hide the error being logged nor change the exit code.
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void AFullLogDeviceStillReportsTheErrorOnStderr(string format)
    {
        var (code, _, errors) = Run("--root", Root, "--log", "/dev/full", "--log-format", format, "state", "missing");
        code.Should().Be(1);
        errors.Should().Be("Failed to write to log, write /dev/full: no space left on device\ncontainer \"missing\" does not exist\n");
    }

    [Fact]
    public void ListOfAnEmptyRoot()
    {
        Run("--root", Root, "list").Out.Should().Be("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
        Run("--root", Root, "list", "--format", "json").Out.Should().Be("[]\n");
        Run("--root", Root, "list", "-q").Out.Should().BeEmpty();
        Run("--root", Root, "list", "--format", "yaml").Code.Should().Be(1);
    }

    [Fact]
    public void SpecThenValidateRoundTrips()
    {
        Run("spec", "--bundle", _dir).Code.Should().Be(0);
        var (code, output, _) = Run("validate", "-b", _dir);
        code.Should().Be(0);
        output.Should().EndWith(": valid\n");
        Run("spec", "-b", _dir).Err.Should().Contain("file exists");
    }

    [Fact]
    public void CreateWithoutRootfsNamesItAndLeavesNoState()
    {
        Run("spec", "--bundle", _dir).Code.Should().Be(0);
        var (code, _, errors) = Run("--root", Root, "create", "--bundle", _dir, "c1");
        code.Should().Be(1);
        errors.Should().Contain($"root.path: rootfs \\\"{_dir}/rootfs\\\" does not exist");
        (Directory.Exists(Root) ? Directory.EnumerateFileSystemEntries(Root) : []).Should().BeEmpty();
    }

    [Fact]
    public void KillRefusesUnknownSignals()
    {
        var (code, _, errors) = Run("--root", Root, "kill", "c1", "SIGBOGUS");
        code.Should().Be(1);
        errors.Should().Contain("unknown signal \\\"SIGBOGUS\\\"");
    }

    [Fact]
    public void FeaturesIsIndentedJson()
    {
        var (code, output, _) = Run("features");
        code.Should().Be(0);
        output.Should().StartWith("{\n    \"ociVersionMin\": \"1.0.0\"");
        using var document = JsonDocument.Parse(output);
        document.RootElement.GetProperty("ociVersionMax").GetString().Should().Be("1.3.0");
    }
}
