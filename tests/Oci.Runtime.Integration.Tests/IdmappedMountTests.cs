using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// Idmapped bind mounts (runtime-spec 1.2): files of a host directory seen through the mount's
/// (or the container's) user namespace mapping, checked from inside (the owners a process sees,
/// what it may create) and from outside (on-disk owners, "idmapped" in the init's mount table).
/// </summary>
[Collection(RealContainers.Name)]
public sealed class IdmappedMountTests : IDisposable
{
    private const uint HostBase = 200000;
    private readonly ContainerBundle _bundle = new();
    private readonly string _source;

    public IdmappedMountTests()
    {
        _source = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, "source")).FullName;
        File.WriteAllText(Path.Combine(_source, "by-0"), "");
        File.WriteAllText(Path.Combine(_source, "by-1000"), "");
        Host.Execute("chown", "1000:1000", Path.Combine(_source, "by-1000")).ExitCode.Should().Be(0);
    }

    public void Dispose()
    {
        foreach (var mount in Host.MountPoints().Where(m => m.StartsWith(_source + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length))
            Host.Execute("umount", "-l", mount);
        _bundle.Dispose();
    }

    private static JsonArray Map(uint hostId) => new(new JsonObject { ["containerID"] = 0, ["hostID"] = hostId, ["size"] = 65536 });

    private void AddMount(string option, bool withMappings)
    {
        var mount = new JsonObject
        {
            ["destination"] = "/data", ["type"] = "bind", ["source"] = _source, ["options"] = new JsonArray("rbind", option),
        };
        if (withMappings)
        {
            mount["uidMappings"] = Map(HostBase);
            mount["gidMappings"] = Map(HostBase);
        }
        _bundle.Mounts.Add(mount);
    }

    private void UseUserNamespace()
    {
        _bundle.Namespaces.Add(new JsonObject { ["type"] = "user" });
        _bundle.Linux["uidMappings"] = Map(HostBase);
        _bundle.Linux["gidMappings"] = Map(HostBase);
        Host.Execute("chown", "-R", $"{HostBase}:{HostBase}", _bundle.Rootfs).ExitCode.Should().Be(0);
    }

    [Fact]
    public void InAUserNamespaceTheContainersRootOwnsWhatTheHostsRootOwnsAndCreatesFilesAsIt()
    {
        UseUserNamespace();
        AddMount("idmap", withMappings: false);
        _bundle.Shell("stat -c '%n %u:%g' /data/by-0 /data/by-1000; echo new > /data/made && echo created; awk '$5 == \"/data\" {print $6}' /proc/self/mountinfo");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[..3].Should().Equal("/data/by-0 0:0", "/data/by-1000 1000:1000", "created");
        lines[3].Split(',').Should().Contain("idmapped");
        Host.Execute("stat", "-c", "%u:%g", Path.Combine(_source, "made")).Stdout.Trim().Should().Be("0:0", "the container's root writes as the host's root through the mapping");
        Host.Execute("stat", "-c", "%u", Path.Combine(_source, "by-1000")).Stdout.Trim().Should().Be("1000", "the files on disk are not chowned");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void TheMountsOwnMappingAppliesWithoutAUserNamespace()
    {
        AddMount("idmap", withMappings: true);
        _bundle.Shell("stat -c '%n %u' /data/by-0 /data/by-1000");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"/data/by-0 {HostBase}\n/data/by-1000 {HostBase + 1000}\n");
        _bundle.AssertNoLeaks(id);
    }

    [Theory]
    [InlineData("ridmap", "0")]
    [InlineData("idmap", "65534")]   // the submount is not idmapped: its root-owned file is unmapped inside
    public void RidmapMapsTheMountsUnderTheSourceAndIdmapOnlyItsTop(string option, string ownerInSubmount)
    {
        var inner = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, "inner")).FullName;
        File.WriteAllText(Path.Combine(inner, "f"), "");
        var sub = Directory.CreateDirectory(Path.Combine(_source, "sub")).FullName;
        Host.Execute("mount", "--bind", inner, sub).ExitCode.Should().Be(0);
        UseUserNamespace();
        AddMount(option, withMappings: false);
        _bundle.Shell("stat -c %u /data/by-0 /data/sub/f");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"0\n{ownerInSubmount}\n");
    }

    [Fact]
    public void AFilesystemThatCannotBeIdmappedIsAnErrorNamingTheMountThatLeavesNothing()
    {
        UseUserNamespace();
        _bundle.Mounts.Add(new JsonObject
        {
            ["destination"] = "/data", ["type"] = "bind", ["source"] = "/sys/kernel", ["options"] = new JsonArray("rbind", "idmap"),
        });
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain($"mounts[{_bundle.Mounts.Count - 1}]: idmap").And.Contain("/sys/kernel").And.Contain("mount_setattr").And.NotContain("Exception");
        _bundle.AssertNoLeaks(id);
    }
}
