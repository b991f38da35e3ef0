using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// proc and sysfs are mounted on a directory or not at all: an image whose /proc or /sys is a
/// symlink would move them away from where maskedPaths and readonlyPaths are applied
/// (CVE-2019-19921). runc refuses with `filesystem "proc" must be mounted on ordinary directory`.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class KernelFilesystemTargetTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Theory]
    [InlineData("proc", "/evil")]
    [InlineData("proc", "/../../../../../tmp")]
    [InlineData("proc", "tmp")]
    [InlineData("sys", "/evil")]
    [InlineData("sys", "/../../../../../tmp")]
    public void ASymlinkIsRefusedAsTheTarget(string directory, string symlinkTarget)
    {
        var path = Path.Combine(_bundle.Rootfs, directory);
        Directory.Delete(path);
        File.CreateSymbolicLink(path, symlinkTarget);
        var filesystem = directory == "proc" ? "proc" : "sysfs";

        var run = Run();

        run.ExitCode.Should().NotBe(0, run.ToString());
        run.Stderr.Should().Contain($"filesystem \\\"{filesystem}\\\" must be mounted on ordinary directory");
        run.Stderr.Should().NotContain("Exception");
        Directory.Exists(Path.Combine(_bundle.Rootfs, "evil")).Should().BeFalse("the symlink's target is not made");
        new FileInfo(path).LinkTarget.Should().Be(symlinkTarget, "the image is left as it was");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void AFileIsRefusedAsTheTarget()
    {
        var path = Path.Combine(_bundle.Rootfs, "proc");
        Directory.Delete(path);
        File.WriteAllText(path, "");

        var run = Run();

        run.ExitCode.Should().NotBe(0, run.ToString());
        run.Stderr.Should().Contain("filesystem \\\"proc\\\" must be mounted on ordinary directory");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void AMissingDirectoryIsMadeAndMountedOn()
    {
        Directory.Delete(Path.Combine(_bundle.Rootfs, "proc"));
        _bundle.Shell("grep ' /proc proc ' /proc/self/mounts | cut -d' ' -f1-3");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("proc /proc proc\n");
        _bundle.AssertNoLeaks(id);
    }

    private CliRun Run()
    {
        _bundle.Shell("echo started");
        _bundle.Save();
        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, _bundle.NewId());
        run.Stdout.Should().NotContain("started");
        return run;
    }
}
