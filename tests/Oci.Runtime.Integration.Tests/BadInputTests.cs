using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// `create` with anything wrong fails with one error line naming every problem, and leaves
/// nothing under --root: engines retry creates, and a half-made container would block the id.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Every spec-fixtures/invalid/*.json, read when the tests are discovered (fixtures keep being added).</summary>
    public static IEnumerable<object[]> InvalidFixtures()
    {
        var names = Directory.EnumerateFiles(RepoPaths.InvalidFixtures, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
            throw new InvalidOperationException($"no invalid fixtures in {RepoPaths.InvalidFixtures}");
        return names.Select(n => new object[] { n! });
    }

    [Fact]
    public void EveryInvalidFixtureHasItsExpectedFile()
    {
        var json = Directory.EnumerateFiles(RepoPaths.InvalidFixtures, "*.json").Select(Path.GetFileNameWithoutExtension);
        var expected = Directory.EnumerateFiles(RepoPaths.InvalidFixtures, "*.expected").Select(Path.GetFileNameWithoutExtension);
        json.Should().NotBeEmpty();
        json.Should().BeEquivalentTo(expected, "each invalid/<name>.json is paired with invalid/<name>.expected");
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void CreateWithInvalidFixtureFailsNamingEveryProblemAndLeavesNothing(string fixture)
    {
        var expectedFile = Path.Combine(RepoPaths.InvalidFixtures, fixture + ".expected");
        File.Exists(expectedFile).Should().BeTrue($"{fixture}.json needs {fixture}.expected");
        var expected = File.ReadAllLines(expectedFile).Where(l => l.Trim().Length > 0).ToArray();
        expected.Should().NotBeEmpty($"{fixture}.expected lists at least one problem");
        _sandbox.UseConfig(Path.Combine(RepoPaths.InvalidFixtures, fixture + ".json"));

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "it-" + fixture);

        var message = LogLines.ExpectTextError(result);
        foreach (var line in expected)
            message.Should().Contain(line, "the error names each problem of {0}:\n{1}", fixture, result);
        message.Should().NotContain("not supported yet", "an invalid config must be rejected before the executor");
        _sandbox.RootEntries().Should().BeEmpty("a failed create leaves nothing under --root:\n{0}", result);
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void ValidateWithInvalidFixturePrintsEveryProblemAndExitsOne(string fixture)
    {
        var expected = File.ReadAllLines(Path.Combine(RepoPaths.InvalidFixtures, fixture + ".expected"))
            .Where(l => l.Trim().Length > 0).ToArray();
        _sandbox.UseConfig(Path.Combine(RepoPaths.InvalidFixtures, fixture + ".json"));

        var result = Ocirt.Run("validate", "--bundle", _sandbox.Bundle);

        var message = LogLines.ExpectTextError(result);
        // Problems found by validation print one per line on stdout; a parse failure is the error itself.
        var everything = result.StdoutLines.Append(message).ToArray();
        foreach (var line in expected)
            everything.Should().Contain(l => l.Contains(line), "validate reports {0}:\n{1}", line, result);
    }

    [Fact]
    public void MissingBundleDirectory()
    {
        var missing = Path.Combine(_sandbox.Directory, "no-such-bundle");

        var result = _sandbox.Run("create", "--bundle", missing, "c1");

        LogLines.ExpectTextError(result).Should().Contain(missing).And.Contain("no such");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void BundleIsAFile()
    {
        var file = Path.Combine(_sandbox.Directory, "a-file");
        File.WriteAllText(file, "{}");

        var result = _sandbox.Run("create", "--bundle", file, "c1");

        LogLines.ExpectTextError(result).Should().Contain(file);
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void BundleWithoutConfig()
    {
        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "c1");

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath).And.Contain("no such file or directory");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void ConfigIsADirectory()
    {
        Directory.CreateDirectory(_sandbox.ConfigPath);

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "c1");

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath).And.Contain("is a directory");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void ConfigIsADanglingSymlink()
    {
        File.CreateSymbolicLink(_sandbox.ConfigPath, Path.Combine(_sandbox.Directory, "nowhere.json"));

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "c1");

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath).And.Contain("no such file or directory");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void ConfigIsASymlinkLoop()
    {
        File.CreateSymbolicLink(_sandbox.ConfigPath, _sandbox.ConfigPath);

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "c1");

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath);
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("x y")]
    [InlineData("../escape")]
    [InlineData("/abs")]
    [InlineData("/")]
    public void BadIdIsRejectedAndNothingIsCreated(string id)
    {
        _sandbox.UseMinimalValidConfig();
        var before = _sandbox.SandboxEntries();

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, id);

        var message = LogLines.ExpectTextError(result);
        message.Should().Contain("container id", "the error says the id is the problem:\n{0}", result);
        message.Should().NotContain("not supported yet");
        _sandbox.RootEntries().Should().BeEmpty();
        _sandbox.SandboxEntries().Should().Equal(before, "a bad id must not create anything next to the root either");
    }

    [Fact]
    public void OverlongIdIsRejected()
    {
        _sandbox.UseMinimalValidConfig();

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, new string('a', 5000));

        LogLines.ExpectTextError(result).Should().Contain("container id");
        _sandbox.RootEntries().Should().BeEmpty();
    }

    [Fact]
    public void DuplicateIdFailsAndLeavesTheExistingContainerUntouched()
    {
        _sandbox.UseMinimalValidConfig();
        using var existing = SeededContainer.WithoutProcess(_sandbox.Root, "/elsewhere/bundle", "taken", "created");
        var stateFile = Path.Combine(_sandbox.Root, "taken", "state.json");
        var stateBefore = File.ReadAllBytes(stateFile);
        var writtenBefore = File.GetLastWriteTimeUtc(stateFile);
        var entriesBefore = Directory.GetFileSystemEntries(Path.Combine(_sandbox.Root, "taken"));

        var result = _sandbox.Run("create", "--bundle", _sandbox.Bundle, "taken");

        LogLines.ExpectTextError(result).Should().Contain("already exists").And.Contain("taken");
        _sandbox.RootEntries().Should().Equal("taken");
        Directory.GetFileSystemEntries(Path.Combine(_sandbox.Root, "taken")).Should().BeEquivalentTo(entriesBefore);
        File.ReadAllBytes(stateFile).Should().Equal(stateBefore, "the existing container's state is not rewritten");
        File.GetLastWriteTimeUtc(stateFile).Should().Be(writtenBefore);
    }

    [Fact]
    public void RunFailsLikeCreateAndLeavesNothing()
    {
        _sandbox.UseConfig(Path.Combine(RepoPaths.InvalidFixtures, "version-missing.json"));

        var result = _sandbox.Run("run", "--bundle", _sandbox.Bundle, "c1");

        LogLines.ExpectTextError(result).Should().Contain("ociVersion");
        _sandbox.RootEntries().Should().BeEmpty();
    }
}
