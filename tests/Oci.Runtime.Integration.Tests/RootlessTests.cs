using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// ocirt run by an ordinary user, as rootless engines and people run it: `spec --rootless`,
/// state under $XDG_RUNTIME_DIR, a user namespace mapping the user's own id to root, and no
/// cgroup where the hierarchy is not delegated (this host's v1 ones are root's). Checked from
/// inside (uid_map, id, files made in a bind mount) and from outside (the init's owner and
/// namespaces, its cgroups, what is left in the runtime dir and among the user's processes).
/// </summary>
[Collection(RealContainers.Name)]
public sealed class RootlessTests : IClassFixture<UnprivilegedUser>, IDisposable
{
    private readonly UnprivilegedUser _user;
    private readonly ContainerBundle _bundle = new();
    private readonly string _runtimeDir;
    private readonly string _shared;

    public RootlessTests(UnprivilegedUser user)
    {
        _user = user;
        _runtimeDir = OwnedDirectory("xdg", 0x1c0);
        _shared = OwnedDirectory("shared", 0x1ed);
        UseRootlessSpec();
        // A user's bundle is the user's: root of the container may change its rootfs.
        Host.Execute("chown", "-R", $"{_user.Uid}:{_user.Gid}", _bundle.Bundle).ExitCode.Should().Be(0);
        _bundle.Mounts.Add(new JsonObject
        {
            ["destination"] = "/shared", ["type"] = "bind", ["source"] = _shared, ["options"] = new JsonArray("rbind", "rw"),
        });
        _bundle.Save();
    }

    public void Dispose()
    {
        foreach (var id in _bundle.Ids)
            _user.Ocirt(_bundle, _runtimeDir, "delete", "--force", id);
        _bundle.Dispose();
    }

    private string StateRoot => Path.Combine(_runtimeDir, "ocirt");

    [Fact]
    public void AUserRunsAContainerAsRootOfItsOwnUserNamespaceWithoutACgroup()
    {
        var id = _bundle.NewId();
        _bundle.SetArgs("/bin/sleep", "100");
        _bundle.Save();

        var run = _user.Ocirt(_bundle, _runtimeDir, "run", "-d", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(Path.Combine(StateRoot, id, "state.json")).Should().BeTrue("the state root of a user is $XDG_RUNTIME_DIR/ocirt");
        var state = JsonNode.Parse(_user.Ocirt(_bundle, _runtimeDir, "state", id).Stdout)!.AsObject();
        state["status"]!.GetValue<string>().Should().Be("running");
        var pid = state["pid"]!.GetValue<int>();
        OwnerOf(pid).Should().Be(_user.Uid, "the init is the user's process on the host");
        Host.NamespaceInode($"/proc/{pid}/ns/user").Should().NotBe(Host.NamespaceInode("/proc/self/ns/user"));
        File.ReadAllText($"/proc/{pid}/cgroup").Should().Be(File.ReadAllText("/proc/self/cgroup"), "no cgroup was made: the init stays in its caller's");
        Host.CgroupDirectoriesOf(id).Should().BeEmpty();

        var exec = _user.Ocirt(_bundle, _runtimeDir, "exec", id, "/bin/sh", "-c", "id -u; tr -s ' ' < /proc/self/uid_map; echo made > /shared/by-root");

        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Should().Equal("0", $"0 {_user.Uid} 1");
        File.Exists(Path.Combine(_shared, "by-root")).Should().BeTrue();
        OwnerOfFile(Path.Combine(_shared, "by-root")).Should().Be(_user.Uid, "root of the container is the user on the host");

        var unmapped = _user.Ocirt(_bundle, _runtimeDir, "exec", "--user", "1000", id, "id");
        unmapped.ExitCode.Should().NotBe(0);
        unmapped.Stderr.Should().Contain($"process.user.uid: 1000 is not mapped in the container's user namespace (/proc/{pid}/uid_map: 0 {_user.Uid} 1)");

        var pause = _user.Ocirt(_bundle, _runtimeDir, "pause", id);
        pause.ExitCode.Should().Be(1);
        pause.Stderr.Should().Contain("cannot freeze: the container has no cgroup");

        var delete = _user.Ocirt(_bundle, _runtimeDir, "delete", "--force", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(5)).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(StateRoot).Should().BeEmpty("nothing is left in the user's runtime dir");
        _user.Processes().Should().BeEmpty("no process of the user is left");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void LimitsThatCannotBeAppliedWithoutADelegatedCgroupAreAnErrorThatLeavesNothing()
    {
        var id = _bundle.NewId();
        _bundle.Linux["resources"] = new JsonObject { ["memory"] = new JsonObject { ["limit"] = 64L << 20 } };
        _bundle.Save();

        var run = _user.Ocirt(_bundle, _runtimeDir, "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("permission denied").And.Contain("linux.resources.memory cannot be applied")
            .And.Contain("rootless").And.NotContain("Exception");
        AssertNothingLeftBy(id);
    }

    [Fact]
    public void TheUsersSubordinateRangesAreMappedThroughNewuidmapAndNewgidmap()
    {
        var id = _bundle.NewId();
        var subuid = _user.SubordinateStart("/etc/subuid");
        var subgid = _user.SubordinateStart("/etc/subgid");
        _bundle.Linux["uidMappings"] = Mappings(_user.Uid, subuid);
        _bundle.Linux["gidMappings"] = Mappings(_user.Gid, subgid);
        _bundle.Process["user"] = new JsonObject { ["uid"] = 1000, ["gid"] = 1000, ["additionalGids"] = new JsonArray(10) };
        _bundle.Shell("id; cat /proc/self/setgroups; echo made > /shared/by-1000; sleep 100");
        File.SetUnixFileMode(_shared, (UnixFileMode)0x1ff);
        _bundle.Save();

        var run = _user.Ocirt(_bundle, _runtimeDir, "run", "-d", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        var pid = JsonNode.Parse(_user.Ocirt(_bundle, _runtimeDir, "state", id).Stdout)!["pid"]!.GetValue<int>();
        File.ReadAllText($"/proc/{pid}/uid_map").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Should().Equal($"0 {_user.Uid} 1", $"1 {subuid} 65536");
        OwnerOf(pid).Should().Be(subuid + 999, "uid 1000 of the container is the user's subordinate uid on the host");
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Groups:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Single().Trim().Should().Be((subgid + 9).ToString(System.Globalization.CultureInfo.InvariantCulture), "newgidmap left setgroups allowed: additionalGids [10] applies");
        var file = Path.Combine(_shared, "by-1000");
        SpinWait.SpinUntil(() => File.Exists(file), TimeSpan.FromSeconds(5)).Should().BeTrue();
        OwnerOfFile(file).Should().Be(subuid + 999);
        _user.Ocirt(_bundle, _runtimeDir, "delete", "--force", id).ExitCode.Should().Be(0);
        Directory.EnumerateFileSystemEntries(StateRoot).Should().BeEmpty();
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void AMappingOutsideTheUsersRangesIsRefusedByNewuidmapNamingTheFieldAndLeavesNothing()
    {
        var id = _bundle.NewId();
        _bundle.Linux["uidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = 0, ["size"] = 1 });
        _bundle.Save();

        var run = _user.Ocirt(_bundle, _runtimeDir, "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("linux.uidMappings: \\\"/usr/bin/newuidmap\\\" exited with status 1").And.Contain("not allowed").And.NotContain("Exception");
        AssertNothingLeftBy(id);
    }

    [Fact]
    public void WithoutNewuidmapAWideMappingIsAnErrorSayingWhatIsMissing()
    {
        var id = _bundle.NewId();
        _bundle.Linux["uidMappings"] = Mappings(_user.Uid, _user.SubordinateStart("/etc/subuid"));
        _bundle.Save();

        var run = _user.OcirtWithPath(_bundle, _runtimeDir, "/nonexistent", "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("linux.uidMappings: newuidmap not found in $PATH").And.Contain("uidmap");
        AssertNothingLeftBy(id);
    }

    [Fact]
    public void SysfsThatTheKernelRefusesWithoutANetworkNamespaceIsTheHostsBoundReadOnly()
    {
        var id = _bundle.NewId();
        foreach (var mount in _bundle.Mounts.Where(m => (string?)m!["destination"] == "/sys").ToList())
            _bundle.Mounts.Remove(mount);
        _bundle.Mounts.Insert(0, new JsonObject
        {
            ["destination"] = "/sys", ["type"] = "sysfs", ["source"] = "sysfs", ["options"] = new JsonArray("nosuid", "noexec", "nodev", "ro"),
        });
        _bundle.Namespaces.Any(n => (string?)n!["type"] == "network").Should().BeFalse("runc's rootless spec shares the host's network namespace");
        _bundle.Shell("awk '$5 == \"/sys\"' /proc/self/mountinfo; ls /sys/kernel >/dev/null && echo readable; touch /sys/x 2>/dev/null || echo read-only");
        _bundle.Save();

        var run = _user.Ocirt(_bundle, _runtimeDir, "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        var hostSys = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).First(f => f[4] == "/sys");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var inside = lines[0].Split(' ');
        inside[2].Should().Be(hostSys[2], "the host's sysfs is bound, as mounting a new one is refused");
        inside[5].Split(',').Should().Contain(["ro", "nosuid", "nodev", "noexec"]);
        lines.Skip(1).Should().Equal("readable", "read-only");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void ARootTheUserCannotCreateIsAnErrorInRuncsStyle()
    {
        var id = _bundle.NewId();
        var notMine = Path.Combine(_bundle.Sandbox.Directory, "roots-only", "state");
        Directory.CreateDirectory(Path.GetDirectoryName(notMine)!);
        File.SetUnixFileMode(Path.GetDirectoryName(notMine)!, (UnixFileMode)0x1ed);

        var run = _user.Ocirt(_bundle, _runtimeDir, "--root", notMine, "run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain($"--root: mkdir {notMine}: permission denied").And.NotContain("Access to the path");
        Directory.Exists(notMine).Should().BeFalse();
        _user.Processes().Should().BeEmpty();
    }

    private static JsonArray Mappings(uint own, uint subordinate) => new(
        new JsonObject { ["containerID"] = 0, ["hostID"] = own, ["size"] = 1 },
        new JsonObject { ["containerID"] = 1, ["hostID"] = subordinate, ["size"] = 65536 });

    /// <summary>A failed create leaves no state in the user's runtime dir, no process of the user, no cgroup or mount.</summary>
    private void AssertNothingLeftBy(string id)
    {
        Directory.Exists(Path.Combine(StateRoot, id)).Should().BeFalse();
        _user.Processes().Should().BeEmpty();
        _bundle.AssertNoLeaks(id);
    }

    /// <summary>The config `ocirt spec --rootless` writes for this user, as the bundle's.</summary>
    private void UseRootlessSpec()
    {
        var specDir = OwnedDirectory("spec", 0x1c0);
        var spec = _user.Ocirt(_bundle, _runtimeDir, "spec", "--rootless", "--bundle", specDir);
        spec.ExitCode.Should().Be(0, spec.ToString());
        var rootless = JsonNode.Parse(File.ReadAllText(Path.Combine(specDir, "config.json")))!.AsObject();
        _bundle.Config.Clear();
        foreach (var (key, value) in rootless.ToList())
            _bundle.Config[key] = value?.DeepClone();
        _bundle.Process["terminal"] = false;
        _bundle.Linux["uidMappings"]![0]!["hostID"]!.GetValue<uint>().Should().Be(_user.Uid);
    }

    private string OwnedDirectory(string name, int mode)
    {
        var path = Directory.CreateDirectory(Path.Combine(_bundle.Sandbox.Directory, name)).FullName;
        Host.Execute("chown", $"{_user.Uid}:{_user.Gid}", path).ExitCode.Should().Be(0);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        return path;
    }

    private static uint OwnerOf(int pid) =>
        uint.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);

    private static uint OwnerOfFile(string path) =>
        uint.Parse(Host.Execute("stat", "-c", "%u", path).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
