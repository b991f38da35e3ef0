using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Mounts taken in order as runc takes them: each sees what the earlier ones did, and a
/// read-only flag comes once nothing more is to be made underneath.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class MountOrderTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private string Run(string script)
    {
        _bundle.Shell(script);
        _bundle.Save();
        var id = _bundle.NewId();
        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);
        run.ExitCode.Should().Be(0, run.ToString());
        _bundle.AssertNoLeaks(id);
        return run.Stdout;
    }

    private void AddMount(string destination, string type, string source, params string[] options) =>
        _bundle.Mounts.Add(new JsonObject
        {
            ["destination"] = destination,
            ["type"] = type,
            ["source"] = source,
            ["options"] = new JsonArray([.. options.Select(o => (JsonNode)o)]),
        });

    [Fact]
    public void ABindSourceInsideTheRootfsSeesAnEarlierMount()
    {
        // On the host, rootfs/data is empty: conf exists only under the earlier bind.
        var hostData = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, "hostdata")).FullName;
        File.WriteAllText(Path.Combine(hostData, "conf"), "from-the-earlier-mount\n");
        Directory.CreateDirectory(Path.Combine(hostData, "sub"));
        File.WriteAllText(Path.Combine(hostData, "sub", "inner"), "");
        Directory.CreateDirectory(Path.Combine(_bundle.Rootfs, "data"));
        AddMount("/data", "bind", hostData, "rbind");
        AddMount("/etc/conf", "bind", Path.Combine(_bundle.Rootfs, "data", "conf"), "bind", "ro");
        AddMount("/mnt/sub", "bind", Path.Combine(_bundle.Rootfs, "data", "sub"), "rbind");

        var output = Run("cat /etc/conf; test -f /etc/conf && echo conf-is-a-file; ls /mnt/sub");

        output.Should().Be("from-the-earlier-mount\nconf-is-a-file\ninner\n");
    }

    [Fact]
    public void AReadOnlyDevIsMadeReadOnlyAfterItsSubmountsAndDevices()
    {
        var dev = _bundle.Mounts.Single(m => (string?)m!["destination"] == "/dev")!;
        dev["options"]!.AsArray().Add(JsonValue.Create("ro"));

        var output = Run("grep ' /dev ' /proc/self/mountinfo | cut -d' ' -f6; test -c /dev/null && echo null; test -d /dev/pts/ && ls /dev/pts/ptmx; touch /dev/x 2>/dev/null || echo read-only");

        output.Should().Be("ro,nosuid\nnull\n/dev/pts/ptmx\nread-only\n");
    }

    [Fact]
    public void ATmpfsWithoutModeTakesTheModeOfTheDirectoryItCovers()
    {
        var sticky = Directory.CreateDirectory(Path.Combine(_bundle.Rootfs, "sticky")).FullName;
        File.SetUnixFileMode(sticky, (UnixFileMode)0xfff); // 07777
        var owner = Directory.CreateDirectory(Path.Combine(_bundle.Rootfs, "owner")).FullName;
        File.SetUnixFileMode(owner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AddMount("/sticky", "tmpfs", "tmpfs", "nosuid", "ro");
        AddMount("/owner", "tmpfs", "tmpfs");
        AddMount("/fresh/sub", "tmpfs", "tmpfs");
        AddMount("/given", "tmpfs", "tmpfs", "mode=711");

        var output = Run("stat -c '%n %A' /sticky /owner /fresh/sub /given; grep ' /sticky ' /proc/self/mountinfo | awk '{print $6, $NF}'");

        output.Should().Be(
            "/sticky drwsrwsrwt\n/owner drwx------\n/fresh/sub drwxrwxrwt\n/given drwx--x--x\n" +
            "ro,nosuid,relatime rw\n", "a read-only tmpfs is chmod-ed first, then made read-only by a bind remount, as runc's is");
    }
}
