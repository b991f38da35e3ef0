namespace Oci.Runtime.Spec.Tests;

public sealed class DefaultSpecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trips_and_validates(bool rootless)
    {
        var json = SpecWriter.Serialize(DefaultSpec.Create(rootless));

        var spec = SpecLoader.Parse(json, "config.json");

        SpecValidator.Validate(spec).Should().BeEmpty();
        SpecWriter.Serialize(spec).Should().Be(json);
    }

    [Fact]
    public void Matches_runc_spec_output()
    {
        var expected = File.ReadAllText(Path.Combine(Fixtures.Valid, "runc-default.json")).TrimEnd('\n');

        SpecWriter.Serialize(DefaultSpec.Create(rootless: false, cgroupNamespace: true, hostUid: 0, hostGid: 0))
            .Should().Be(expected);
    }

    [Fact]
    public void Matches_runc_spec_rootless_output()
    {
        var expected = File.ReadAllText(Path.Combine(Fixtures.Valid, "runc-rootless.json")).TrimEnd('\n');

        SpecWriter.Serialize(DefaultSpec.Create(rootless: true, cgroupNamespace: true, hostUid: 1000, hostGid: 1000))
            .Should().Be(expected);
    }

    [Fact]
    public void Writes_like_go_marshal_indent()
    {
        var json = SpecWriter.Serialize(DefaultSpec.Create(false, false, 0, 0));

        json.Should().StartWith("{\n\t\"ociVersion\": \"1.3.0\",\n\t\"process\": {\n\t\t\"terminal\": true,\n\t\t\"user\": {\n\t\t\t\"uid\": 0,");
        json.Should().NotContain("\r").And.NotContain("  ").And.NotContain("null");
        json.Should().Contain("\"ptmxmode=0666\"");
    }

    [Fact]
    public void Default_is_runc_example()
    {
        var spec = DefaultSpec.Create(rootless: false, cgroupNamespace: false, hostUid: 0, hostGid: 0);

        spec.OciVersion.Should().Be(SpecVersion.Current);
        spec.Root!.Path.Should().Be("rootfs");
        spec.Root.Readonly.Should().BeTrue();
        spec.Hostname.Should().Be("runc");
        spec.Process!.Args.Should().Equal("sh");
        spec.Process.Capabilities!.Inheritable.Should().BeNull();
        spec.Process.Capabilities.Ambient.Should().Equal("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        spec.Mounts!.Select(m => m.Destination).Should().Equal(
            "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup");
        spec.Linux!.Namespaces!.Select(n => n.Type).Should().Equal("pid", "network", "ipc", "uts", "mount");
        spec.Linux.Resources!.Devices.Should().ContainSingle().Which.Access.Should().Be("rwm");
        spec.Linux.MaskedPaths.Should().HaveCount(10);
        spec.Linux.ReadonlyPaths.Should().HaveCount(5);
    }

    [Fact]
    public void Cgroup_namespace_is_added_on_cgroup2_hosts()
    {
        DefaultSpec.Create(false, cgroupNamespace: true, 0, 0).Linux!.Namespaces!.Last().Type.Should().Be("cgroup");
    }

    [Fact]
    public void Rootless_is_runc_to_rootless()
    {
        var spec = DefaultSpec.Create(rootless: true, cgroupNamespace: true, hostUid: 1234, hostGid: 5678);
        var linux = spec.Linux!;

        linux.Namespaces!.Select(n => n.Type).Should().Equal("pid", "ipc", "uts", "mount", "cgroup", "user");
        linux.UidMappings.Should().ContainSingle().Which.Should().BeEquivalentTo(new LinuxIdMapping { ContainerId = 0, HostId = 1234, Size = 1 });
        linux.GidMappings.Should().ContainSingle().Which.Should().BeEquivalentTo(new LinuxIdMapping { ContainerId = 0, HostId = 5678, Size = 1 });
        linux.Resources.Should().BeNull();

        var sys = spec.Mounts!.Single(m => m.Destination == "/sys");
        sys.Type.Should().Be("none");
        sys.Source.Should().Be("/sys");
        sys.Options.Should().Equal("rbind", "nosuid", "noexec", "nodev", "ro");
        spec.Mounts!.Single(m => m.Destination == "/dev/pts").Options.Should().NotContain(o => o.StartsWith("gid="));
        spec.Mounts!.Single(m => m.Destination == "/proc").Options.Should().BeNull();
    }
}
