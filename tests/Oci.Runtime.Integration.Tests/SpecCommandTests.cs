using System.Text.Json;
using Oci.Runtime.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Oci.Runtime.Integration.Tests;

/// <summary>`spec` writes runc's default config.json, never overwrites one, and matches `runc spec`.</summary>
public sealed class SpecCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesAConfigThatValidates(bool rootless)
    {
        var result = Ocirt.Run(["spec", "--bundle", _sandbox.Bundle, .. Rootless(rootless)]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().BeEmpty();
        using var config = JsonDocument.Parse(File.ReadAllText(_sandbox.ConfigPath));
        config.RootElement.GetProperty("ociVersion").GetString().Should().Be(SpecVersionFromVersionFlag());
        config.RootElement.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString())
            .Should().Equal("sh");
        config.RootElement.GetProperty("root").GetProperty("path").GetString().Should().Be("rootfs");
        Directory.CreateDirectory(Path.Combine(_sandbox.Bundle, "rootfs"));
        var validate = Ocirt.Run("validate", "--bundle", _sandbox.Bundle);
        validate.ExitCode.Should().Be(0, "ocirt must accept its own default spec:\n{0}", validate);
    }

    [Fact]
    public void WritesIntoTheCurrentDirectoryWithoutBundle()
    {
        var result = Ocirt.RunIn(_sandbox.Bundle, "spec");

        result.ExitCode.Should().Be(0, result.ToString());
        File.Exists(_sandbox.ConfigPath).Should().BeTrue();
        Directory.GetFileSystemEntries(_sandbox.Bundle).Should().Equal([_sandbox.ConfigPath], "spec writes config.json only");
    }

    [Fact]
    public void RootlessSpecMapsTheCallerInAUserNamespace()
    {
        var result = Ocirt.Run("spec", "--rootless", "--bundle", _sandbox.Bundle);

        result.ExitCode.Should().Be(0, result.ToString());
        using var config = JsonDocument.Parse(File.ReadAllText(_sandbox.ConfigPath));
        var linux = config.RootElement.GetProperty("linux");
        var namespaces = linux.GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        namespaces.Should().Contain("user").And.NotContain("network", "a rootless container cannot make a network namespace it can use");
        var uid = ProcessStatusId("Uid");
        var gid = ProcessStatusId("Gid");
        Mapping(linux, "uidMappings").Should().Equal([(0L, uid, 1L)], "uid 0 in the container is the caller's uid");
        Mapping(linux, "gidMappings").Should().Equal([(0L, gid, 1L)], "gid 0 in the container is the caller's gid");
        linux.TryGetProperty("resources", out _).Should().BeFalse("a rootless container cannot be given cgroup limits");
    }

    [Fact]
    public void RootfulSpecHasNoUserNamespace()
    {
        Ocirt.Run("spec", "--bundle", _sandbox.Bundle).ExitCode.Should().Be(0);

        using var config = JsonDocument.Parse(File.ReadAllText(_sandbox.ConfigPath));
        var linux = config.RootElement.GetProperty("linux");
        linux.GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString())
            .Should().Contain(["pid", "network", "ipc", "uts", "mount"]).And.NotContain("user");
        linux.TryGetProperty("uidMappings", out _).Should().BeFalse();
        linux.TryGetProperty("gidMappings", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RefusesToOverwriteAnExistingConfig(bool rootless)
    {
        const string Existing = "{\"mine\": true}\n";
        File.WriteAllText(_sandbox.ConfigPath, Existing);
        var written = File.GetLastWriteTimeUtc(_sandbox.ConfigPath);

        var result = Ocirt.Run(["spec", "--bundle", _sandbox.Bundle, .. Rootless(rootless)]);

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath).And.Contain("exists");
        File.ReadAllText(_sandbox.ConfigPath).Should().Be(Existing, "the existing config is left alone");
        File.GetLastWriteTimeUtc(_sandbox.ConfigPath).Should().Be(written);
    }

    [Fact]
    public void RefusesToWriteThroughADanglingSymlink()
    {
        // runc opens with O_EXCL: a config.json symlink, even dangling, is not followed.
        var target = Path.Combine(_sandbox.Directory, "elsewhere.json");
        File.CreateSymbolicLink(_sandbox.ConfigPath, target);

        var result = Ocirt.Run("spec", "--bundle", _sandbox.Bundle);

        LogLines.ExpectTextError(result).Should().Contain(_sandbox.ConfigPath);
        File.Exists(target).Should().BeFalse("spec must not create the symlink's target");
    }

    [Fact]
    public void MissingBundleDirectoryFails()
    {
        var missing = Path.Combine(_sandbox.Directory, "missing");

        var result = Ocirt.Run("spec", "--bundle", missing);

        LogLines.ExpectTextError(result).Should().Contain(missing);
        Directory.Exists(missing).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesRuncSpecFieldByField(bool rootless)
    {
        var runc = FindOnPath("runc");
        var ocirtBundle = Path.Combine(_sandbox.Directory, "ocirt");
        Directory.CreateDirectory(ocirtBundle);
        var ours = Ocirt.Run(["spec", "--bundle", ocirtBundle, .. Rootless(rootless)]);
        ours.ExitCode.Should().Be(0, ours.ToString());
        using var ocirtSpec = JsonDocument.Parse(File.ReadAllText(Path.Combine(ocirtBundle, "config.json")));
        ocirtSpec.RootElement.ValueKind.Should().Be(JsonValueKind.Object);

        if (runc is null)
        {
            output.WriteLine("runc is not on PATH: NOT comparing with `runc spec`; only ocirt's own output was checked.");
            return;
        }

        var runcBundle = Path.Combine(_sandbox.Directory, "runc");
        Directory.CreateDirectory(runcBundle);
        var theirs = Ocirt.Execute(runc, ["spec", "--bundle", runcBundle, .. Rootless(rootless)], null, Ocirt.DefaultTimeout);
        theirs.ExitCode.Should().Be(0, "runc spec must work to compare with it: {0}", theirs);
        using var runcSpec = JsonDocument.Parse(File.ReadAllText(Path.Combine(runcBundle, "config.json")));
        var runcVersion = Ocirt.Execute(runc, ["--version"], null, Ocirt.DefaultTimeout).StdoutLines.FirstOrDefault();
        output.WriteLine($"comparing with {runc} ({runcVersion})");

        var differences = JsonDiff.Compare(runcSpec.RootElement, ocirtSpec.RootElement, "$.ociVersion");

        Assert.True(differences.Count == 0,
            $"`ocirt spec{(rootless ? " --rootless" : "")}` must equal `runc spec{(rootless ? " --rootless" : "")}` " +
            $"({runc}: {runcVersion}) except for ociVersion; {differences.Count} differing path(s):\n  " +
            string.Join("\n  ", differences));
    }

    private static string[] Rootless(bool rootless) => rootless ? ["--rootless"] : [];

    private static string SpecVersionFromVersionFlag()
    {
        var version = Ocirt.Run("--version");
        version.ExitCode.Should().Be(0);
        var line = version.StdoutLines.Single(l => l.StartsWith("spec: ", StringComparison.Ordinal));
        return line["spec: ".Length..];
    }

    private static List<(long ContainerId, long HostId, long Size)> Mapping(JsonElement linux, string name) =>
        linux.GetProperty(name).EnumerateArray()
            .Select(m => (m.GetProperty("containerID").GetInt64(), m.GetProperty("hostID").GetInt64(), m.GetProperty("size").GetInt64()))
            .ToList();

    /// <summary>The effective id from /proc/self/status ("Uid:\treal\teffective\t…"), as runc uses os.Geteuid().</summary>
    private static long ProcessStatusId(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(path => File.Exists(path) &&
                (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
