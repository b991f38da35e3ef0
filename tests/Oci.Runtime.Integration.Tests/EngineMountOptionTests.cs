using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Mount options as buildah and podman write them (`-v HOST:CTR` gives ["", "rw", "private",
/// "rbind"], `:z`, `:Z` and `:U` pass those letters through): runc and crun run such mounts,
/// so ocirt does, and names what it ignores in a debug line.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class EngineMountOptionTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Theory]
    [InlineData("", "rw", "private", "rbind")]
    [InlineData("", "rw", "private", "rbind", "z")]
    [InlineData("rbind", "Z")]
    [InlineData("rbind", "ro", "z")]
    [InlineData("rbind", "U")]
    public void ABindMountWithTheOptionsOfAnEngineRuns(params string[] options)
    {
        var id = _bundle.NewId();
        var source = Path.Combine(_bundle.Sandbox.Directory, "volume");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "seen"), "from the host\n");
        _bundle.Mounts.Add(new JsonObject
        {
            ["destination"] = "/volume", ["type"] = "bind", ["source"] = source,
            ["options"] = new JsonArray(options.Select(o => (JsonNode)JsonValue.Create(o)!).ToArray()),
        });
        _bundle.Shell("cat /volume/seen; grep ' /volume ' /proc/self/mountinfo | cut -d' ' -f6 | cut -d, -f1");
        _bundle.Save();

        var run = _bundle.Ocirt("--debug", "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"from the host\n{(options.Contains("ro") ? "ro" : "rw")}\n", "the volume is mounted inside, with its ro or rw");
        foreach (var ignored in options.Where(o => o is "" or "z" or "Z" or "U"))
            run.Stderr.Should().Contain($"\\\"{ignored}\\\" is ignored", "what has no effect is named at debug level");
        _bundle.AssertNoLeaks();
    }

    // The kernel still judges the words it gets on a real filesystem.
    [Fact]
    public void AnUnknownWordOnAFilesystemMountIsStillTheKernelsToRefuse()
    {
        var id = _bundle.NewId();
        _bundle.Mounts.Add(new JsonObject
        {
            ["destination"] = "/scratch", ["type"] = "tmpfs", ["source"] = "tmpfs", ["options"] = new JsonArray("nosuid", "z"),
        });
        _bundle.Shell("true");
        _bundle.Save();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().NotBe(0, run.ToString());
        run.Stderr.Should().Contain("mounts[").And.Contain("/scratch").And.Contain("invalid argument");
        _bundle.AssertNoLeaks();
    }
}
