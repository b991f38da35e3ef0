using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>Every valid fixture passes `validate`; `create` from it, with an empty rootfs, fails cleanly.</summary>
public sealed class ValidFixtureTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    public static IEnumerable<object[]> ValidFixtures()
    {
        var names = Directory.EnumerateFiles(RepoPaths.ValidFixtures, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
            throw new InvalidOperationException($"no valid fixtures in {RepoPaths.ValidFixtures}");
        return names.Select(n => new object[] { n! });
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void ValidateAcceptsValidFixture(string fixture)
    {
        _sandbox.UseConfig(Path.Combine(RepoPaths.ValidFixtures, fixture + ".json"));

        var result = Ocirt.Run("validate", "--bundle", _sandbox.Bundle);

        result.ExitCode.Should().Be(0, "{0} is valid:\n{1}", fixture, result);
        result.StderrLines.Should().NotContain(l => l.Contains("level=error"), "no error is logged:\n{0}", result);
        // Besides the verdict, only what create would warn of or ignore (capabilities-unknown has some).
        result.StdoutLines[^1].Should().Be($"{_sandbox.ConfigPath}: valid", "validate ends with the verdict:\n{0}", result);
        result.StdoutLines.SkipLast(1).Where(l => !l.StartsWith("warning: ", StringComparison.Ordinal) && !l.StartsWith("note: ", StringComparison.Ordinal))
            .Should().BeEmpty("validate prints only the verdict, warnings and notes:\n{0}", result);
        if (fixture == "capabilities-unknown")
            result.StdoutLines.Should().Contain(l => l.Contains("ignoring \"CAP_FLY\""), "an unknown capability is named as a warning");
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void ValidateUsesTheCurrentDirectoryWithoutBundle(string fixture)
    {
        _sandbox.UseConfig(Path.Combine(RepoPaths.ValidFixtures, fixture + ".json"));

        var result = Ocirt.RunIn(_sandbox.Bundle, "validate");

        result.ExitCode.Should().Be(0, "{0} is valid:\n{1}", fixture, result);
        result.StdoutLines[^1].Should().Be($"{_sandbox.ConfigPath}: valid", "the bundle is the working directory:\n{0}", result);
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void CreateWithAnEmptyRootfsFailsCleanly(string fixture)
    {
        _sandbox.UseConfig(Path.Combine(RepoPaths.ValidFixtures, fixture + ".json"));

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "valid-" + fixture);

        // Whatever stops it first (no mount namespace, a terminal without a console socket, no
        // shell in the empty rootfs), the error names a config field and nothing is left.
        var message = LogLines.ExpectTextError(result);
        message.Should().MatchRegex(@"^(process|linux|root|mounts|hooks)[.\[:]", "the error names the config field:\n{0}", result);
        _sandbox.RootEntries().Should().BeEmpty("a failed create leaves nothing under --root:\n{0}", result);
    }

    [Fact]
    public void CreateWithoutBundleUsesTheCurrentDirectory()
    {
        _sandbox.UseMinimalValidConfig();

        var result = Ocirt.RunIn(_sandbox.Bundle, _sandbox.GlobalArgs("create", "c1"));

        LogLines.ExpectTextError(result).Should().NotContain("config.json", "the bundle's config was found and valid");
        _sandbox.RootEntries().Should().BeEmpty();

        var empty = Path.Combine(_sandbox.Directory, "empty");
        Directory.CreateDirectory(empty);
        var elsewhere = Ocirt.RunIn(empty, _sandbox.GlobalArgs("create", "c1"));
        LogLines.ExpectTextError(elsewhere).Should().Contain(Path.Combine(empty, "config.json"),
            "without --bundle the config is looked for in the working directory");
    }

    [Fact]
    public void RunOnValidBundleFailsOnlyForTheMissingRootfs()
    {
        _sandbox.UseMinimalValidConfig();

        var result = _sandbox.Run("run", "-b", _sandbox.Bundle, "-d", "c1");

        LogLines.ExpectTextError(result).Should().NotContain("config.json", "the bundle's config was found and valid");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void StartAndExecCheckTheContainerFirst()
    {
        var start = _sandbox.Run("start", "ghost");
        LogLines.ExpectTextError(start).Should().Contain("\"ghost\" does not exist");

        var exec = _sandbox.Run("exec", "ghost", "true");
        LogLines.ExpectTextError(exec, exitCode: 255).Should().Be("exec failed: container \"ghost\" does not exist", "runc's exec fails with 255 and that prefix");
    }

    [Fact]
    public void StartWithoutExecFifoAndExecFailWithoutTouchingTheInit()
    {
        using var container = SeededContainer.Start(_sandbox.Root, _sandbox.Bundle, "c1", status: "created", execFifo: false);

        var start = _sandbox.Run("start", "c1");
        LogLines.ExpectTextError(start).Should().Contain("it is running, not created", "without its exec fifo a created container has started, as runc reads it");

        var exec = _sandbox.Run("exec", "c1", "true");
        LogLines.ExpectTextError(exec, exitCode: 255).Should().Contain("saved config", "a seeded container has no config for exec to start from");

        container.IsAlive.Should().BeTrue("neither verb may touch the init");
        _sandbox.RootEntries().Should().Equal("c1");
    }
}
