using System.Text.Json;
using System.Text.RegularExpressions;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>The command line engines and go-runc drive: --version, help, flag forms, argument counts, features.</summary>
public sealed class CliSurfaceTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>The verbs this issue promises; `--help` may list more.</summary>
    private static readonly string[] RequiredVerbs =
        ["create", "run", "start", "exec", "state", "list", "kill", "delete", "spec", "features", "validate"];

    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    [InlineData("-version")]
    public void VersionHasTheLinesGoRuncParses(string flag)
    {
        var result = Ocirt.Run(flag);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.StdoutLines;
        // go-runc's parseVersion: the first line matches ^.+ version (.+)$, then commit: and spec:.
        lines.Should().HaveCountGreaterThanOrEqualTo(3, result.ToString());
        var version = Regex.Match(lines[0], "^.+ version (.+)$");
        version.Success.Should().BeTrue(lines[0]);
        lines[0].Should().StartWith("ocirt version ");
        version.Groups[1].Value.Should().MatchRegex(@"^\d+\.\d+\.\d+");
        lines.Should().Contain(l => Regex.IsMatch(l, "^commit: (.+)$"), result.ToString());
        var spec = lines.Select(l => Regex.Match(l, "^spec: (.+)$")).FirstOrDefault(m => m.Success);
        spec.Should().NotBeNull(result.ToString());
        spec!.Groups[1].Value.Should().Be("1.3.0");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void HelpListsEveryVerb(string flag)
    {
        var result = Ocirt.Run(flag);

        result.ExitCode.Should().Be(0, result.ToString());
        var verbs = VerbsFromHelp(result.Stdout);
        verbs.Should().Contain(RequiredVerbs, "--help lists every verb:\n{0}", result);
    }

    [Fact]
    public void NoArgumentsPrintsHelp()
    {
        var result = Ocirt.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        VerbsFromHelp(result.Stdout).Should().Contain(RequiredVerbs);
    }

    public static IEnumerable<object[]> VerbsListedByHelp() =>
        VerbsFromHelp(Ocirt.Run("--help").Stdout).Union(RequiredVerbs).Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(VerbsListedByHelp))]
    public void EveryVerbHasHelp(string verb)
    {
        foreach (var args in new[] { new[] { verb, "--help" }, [verb, "-h"], ["help", verb] })
        {
            var result = _sandbox.Run(args);

            result.ExitCode.Should().Be(0, result.ToString());
            result.Stdout.Should().Contain($"ocirt {verb}", "the help is about {0}:\n{1}", verb, result);
            result.Stderr.Should().BeEmpty();
        }
        _sandbox.RootEntries().Should().BeEmpty("help runs nothing");
    }

    [Fact]
    public void HelpForAnUnknownVerbFails()
    {
        var result = Ocirt.Run("help", "frobnicate");

        // runc's words and exit code 3.
        LogLines.ExpectTextError(result, exitCode: 3).Should().Be("No help topic for 'frobnicate'");
    }

    [Fact]
    public void UnknownVerbFails()
    {
        var result = _sandbox.Run("frobnicate", "x");

        LogLines.ExpectTextError(result, exitCode: 3).Should().Be("No help topic for 'frobnicate'");
    }

    [Theory]
    [InlineData("state")]
    [InlineData("state", "a", "b")]
    [InlineData("kill")]
    [InlineData("kill", "a", "KILL", "extra")]
    [InlineData("delete")]
    [InlineData("delete", "a", "b")]
    [InlineData("create")]
    [InlineData("create", "a", "b")]
    [InlineData("run")]
    [InlineData("start")]
    [InlineData("exec")]
    [InlineData("list", "extra")]
    [InlineData("spec", "extra")]
    [InlineData("features", "extra")]
    [InlineData("validate", "extra")]
    public void WrongArgumentCountFails(params string[] args)
    {
        var result = Ocirt.RunIn(_sandbox.Bundle, _sandbox.GlobalArgs(args));

        var message = LogLines.ExpectTextError(result);
        message.Should().Contain($"\"{args[0]}\"", "the error names the verb, quoted as runc does:\n{0}", result);
        message.Should().Contain("argument", result.ToString());
        _sandbox.RootEntries().Should().BeEmpty();
        Directory.GetFileSystemEntries(_sandbox.Bundle).Should().BeEmpty("nothing ran (spec wrote no config.json)");
    }

    [Theory]
    [InlineData("--no-such-flag", "list")]
    [InlineData("-no-such-flag", "list")]
    [InlineData("list", "--no-such-flag")]
    [InlineData("state", "--no-such-flag", "x")]
    [InlineData("kill", "-no-such-flag", "x")]
    [InlineData("create", "--no-such-flag", "x")]
    public void UnknownFlagFailsNamingIt(params string[] args)
    {
        var result = Ocirt.Run(_sandbox.GlobalArgs(args));

        LogLines.ExpectTextError(result).Should().Contain("no-such-flag");
        result.Stdout.Should().NotContain("ID ", "the verb did not run");
    }

    [Theory]
    [InlineData("--log")]
    [InlineData("--root")]
    public void GlobalFlagWithoutItsValueFails(string flag)
    {
        var result = Ocirt.Run(flag);

        LogLines.ExpectTextError(result).Should().Contain(flag.TrimStart('-'));
    }

    [Fact]
    public void RootFlagFormsAreEquivalent()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "x");
        string[][] forms =
        [
            ["--root", _sandbox.Root, "state", "x"],
            ["--root=" + _sandbox.Root, "state", "x"],
            ["-root", _sandbox.Root, "state", "x"],
            ["-root=" + _sandbox.Root, "state", "x"],
        ];

        var results = forms.Select(Ocirt.Run).ToList();

        foreach (var result in results)
        {
            result.ExitCode.Should().Be(0, result.ToString());
            result.Stdout.Should().Be(results[0].Stdout, "every spelling of --root reads the same root");
        }
        using var state = JsonDocument.Parse(results[0].Stdout);
        state.RootElement.GetProperty("pid").GetInt32().Should().Be(container.Pid);
        state.RootElement.GetProperty("status").GetString().Should().Be("running");
    }

    [Fact]
    public void RootIsTakenFromTheFlagNotTheDefault()
    {
        // The same id in another root does not exist: the flag really selects the root.
        using var container = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "x");
        var other = Path.Combine(_sandbox.Directory, "other-root");

        var result = Ocirt.Run("--root", other, "state", "x");

        LogLines.ExpectTextError(result).Should().Be("container \"x\" does not exist");
        Directory.Exists(other).Should().BeFalse();
    }

    [Fact]
    public void RootRelativePathIsResolvedAgainstTheWorkingDirectory()
    {
        using var container = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "x");

        var result = Ocirt.RunIn(_sandbox.Directory, "--root", "root", "state", "x");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("\"id\": \"x\"");
    }

    [Fact]
    public void OtherGlobalFlagsAreAccepted()
    {
        using var container = SeededContainer.WithoutProcess(_sandbox.Root, _sandbox.Bundle, "seen");
        var result = Ocirt.Run("--systemd-cgroup", "--rootless", "false", "--criu", "/usr/sbin/criu", "--root", _sandbox.Root, "list", "-q");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("seen\n");
    }

    [Fact]
    public void FeaturesPrintsTheSupportedVersionRange()
    {
        var result = Ocirt.Run("features");

        result.ExitCode.Should().Be(0, result.ToString());
        using var features = JsonDocument.Parse(result.Stdout);
        var min = features.RootElement.GetProperty("ociVersionMin").GetString();
        var max = features.RootElement.GetProperty("ociVersionMax").GetString();
        min.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        max.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        Version.Parse(min!).Should().BeLessThanOrEqualTo(Version.Parse(max!));
        var spec = Ocirt.Run("--version").StdoutLines.Single(l => l.StartsWith("spec: ", StringComparison.Ordinal));
        max.Should().Be(spec["spec: ".Length..], "features and --version agree on the spec version");
    }

    [Fact]
    public void FeaturesMatchesRuncsShape()
    {
        var runc = SpecCommandTests.FindOnPath("runc");
        var ours = Ocirt.Run("features");
        ours.ExitCode.Should().Be(0, ours.ToString());
        using var features = JsonDocument.Parse(ours.Stdout);
        if (runc is null)
        {
            output.WriteLine("runc is not on PATH: NOT comparing `features` with runc's; only ocirt's JSON was parsed.");
            return;
        }
        var theirs = Ocirt.Execute(runc, ["features"], null, Ocirt.DefaultTimeout);
        theirs.ExitCode.Should().Be(0, theirs.ToString());
        using var runcFeatures = JsonDocument.Parse(theirs.Stdout);
        // Values legitimately differ (versions, supported options); the top-level fields runc has must be there.
        features.RootElement.EnumerateObject().Select(p => p.Name).Should().Contain(
            runcFeatures.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "potentiallyUnsafeConfigAnnotations"),
            "ocirt features has every top-level field runc's has");
    }

    /// <summary>The verb names under COMMANDS: in urfave/cli-style help.</summary>
    private static List<string> VerbsFromHelp(string help)
    {
        var verbs = new List<string>();
        var inCommands = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("COMMANDS:", StringComparison.Ordinal))
            {
                inCommands = true;
                continue;
            }
            if (!inCommands)
                continue;
            if (line.Trim().Length == 0 || !line.StartsWith(' '))
                break;
            var name = line.Trim().Split(' ', 2)[0].TrimEnd(',');
            if (name != "help" && name != "h")
                verbs.Add(name);
        }
        return verbs;
    }
}
