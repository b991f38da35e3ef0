namespace Oci.Runtime.Spec.Tests;

public sealed class SpecValidatorTests
{
    private static Spec Valid() => new()
    {
        OciVersion = "1.3.0",
        Process = new Process { Args = ["sh"], Cwd = "/" },
        Root = new Root { Path = "rootfs" },
        Linux = new LinuxConfig { Namespaces = [new() { Type = "mount" }, new() { Type = "uts" }] },
    };

    private static IEnumerable<string> Problems(Spec spec) => SpecValidator.Validate(spec).Select(p => p.ToString());

    [Fact]
    public void Problem_prints_path_then_message()
    {
        new SpecProblem("linux.namespaces[2].type", "unknown namespace \"foo\"").ToString()
            .Should().Be("linux.namespaces[2].type: unknown namespace \"foo\"");
    }

    [Fact]
    public void Collects_every_problem()
    {
        var spec = Valid();
        spec.OciVersion = "";
        spec.Process!.Cwd = "relative";
        spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "mount" });

        Problems(spec).Should().Equal(
            "ociVersion: required",
            "process.cwd: must be an absolute path, got \"relative\"",
            "linux.namespaces[2].type: duplicate namespace \"mount\" (also at linux.namespaces[0])");
    }

    [Fact]
    public void Command_line_stands_in_for_args()
    {
        var spec = Valid();
        spec.Process!.Args = null;
        spec.Process.CommandLine = "cmd /c dir";

        Problems(spec).Should().BeEmpty();
    }

    [Theory]
    [InlineData("size=64k")]
    [InlineData("mode=755")]
    [InlineData("newinstance")]
    [InlineData("some-fs-flag")]
    public void Filesystem_data_options_are_accepted_for_real_filesystems(string option)
    {
        var spec = Valid();
        spec.Mounts = [new Mount { Destination = "/x", Type = "tmpfs", Source = "tmpfs", Options = [option] }];

        Problems(spec).Should().BeEmpty();
    }

    [Theory]
    [InlineData("rbind", "rshared", "rslave")]
    [InlineData("bind", "private", "rprivate")]
    [InlineData("rbind", "rro", "rnosuid")]
    [InlineData("rbind", "ro", "rw")]
    public void Compatible_bind_options_are_accepted(string a, string b, string c)
    {
        var spec = Valid();
        spec.Mounts = [new Mount { Destination = "/x", Source = "/src", Options = [a, b, c] }];

        Problems(spec).Should().BeEmpty();
    }

    [Fact]
    public void Relative_mount_destination_is_accepted_as_deprecated_not_invalid()
    {
        var spec = Valid();
        spec.Mounts = [new Mount { Destination = "data", Type = "tmpfs", Source = "tmpfs" }];

        Problems(spec).Should().BeEmpty();
    }

    [Fact]
    public void Joined_user_namespace_needs_no_mappings()
    {
        var spec = Valid();
        spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user", Path = "/proc/1/ns/user" });
        spec.Mounts = [new Mount { Destination = "/x", Source = "/src", Options = ["rbind", "idmap"] }];

        Problems(spec).Should().BeEmpty();
    }

    [Fact]
    public void Stop_signal_annotation_is_checked()
    {
        var spec = Valid();
        spec.Annotations = new() { [SpecValidator.StopSignalAnnotation] = "SIGRTMAX-2" };
        Problems(spec).Should().BeEmpty();

        spec.Annotations[SpecValidator.StopSignalAnnotation] = "TERMINATE";
        Problems(spec).Should().Equal("annotations['org.opencontainers.image.stopSignal']: unknown signal \"TERMINATE\"");
    }

    // runtime-spec: a capability that cannot be mapped or granted MUST be warned of and SHOULD NOT fail.
    [Fact]
    public void Unknown_capabilities_are_warnings_not_problems()
    {
        var spec = Valid();
        spec.Process!.Capabilities = new LinuxCapabilities
        {
            Bounding = ["CAP_X", "CAP_KILL"], Effective = ["CAP_X"], Inheritable = ["CAP_X"], Permitted = ["CAP_X", "CAP_KILL"], Ambient = ["CAP_X"],
        };

        Problems(spec).Should().BeEmpty();
        CapabilityGrants.Warnings(spec.Process, CapabilityGrants.Through(Capabilities.Last)).Should().Equal(
            "process.capabilities: ignoring \"CAP_X\" (bounding, effective, inheritable, permitted, ambient): unknown capability");
    }

    [Fact]
    public void Capabilities_the_host_cannot_grant_and_ambient_ones_the_kernel_would_refuse_are_warned_of()
    {
        var caps = new LinuxCapabilities
        {
            Bounding = ["CAP_KILL", "CAP_SYS_RESOURCE"], Permitted = ["CAP_KILL", "CAP_CHOWN", "CAP_SYS_RESOURCE"],
            Inheritable = ["CAP_KILL"], Ambient = ["CAP_KILL", "CAP_CHOWN"],
        };
        var withoutSysResource = CapabilityGrants.Through(Capabilities.Last) & ~(1UL << 24);
        var process = new Process { User = new User { Uid = 1000 }, Capabilities = caps };

        CapabilityGrants.Warnings(new Process { User = new User(), Capabilities = caps }, withoutSysResource)
            .Should().HaveCount(1, "root's ambient set does not matter");
        CapabilityGrants.Warnings(process, withoutSysResource).Should().Equal(
            "process.capabilities: ignoring \"CAP_SYS_RESOURCE\" (bounding, permitted): this host cannot grant it (not on this kernel, or not in the runtime's bounding set)",
            "process.capabilities.ambient: CAP_CHOWN is not raised: an ambient capability must also be in the permitted and inheritable sets");
        CapabilityGrants.Mask(caps.Permitted, withoutSysResource).Should().Be((1UL << 5) | (1UL << 0));
        CapabilityGrants.Ambient(caps, withoutSysResource).Should().Equal([("CAP_KILL", 5)]);
    }

    // buildah's `-v HOST:CTR[:z]`: runc and crun run these, the kernel ignores the words on a bind mount.
    [Fact]
    public void Options_engines_send_on_bind_mounts_are_accepted_and_named_as_ignored()
    {
        var spec = Valid();
        spec.Mounts = [new Mount { Destination = "/v", Type = "bind", Source = "/srv", Options = ["", "rw", "private", "rbind", "z", "U"] },
            new Mount { Destination = "/t", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "", "newinstance"] }];

        Problems(spec).Should().BeEmpty();
        MountOptionNotes.Ignored(spec.Mounts).Should().Equal(
            "mounts[0].options[0]: \"\" is ignored: an empty option",
            "mounts[0].options[4]: \"z\" is ignored: not a mount flag, and a bind mount takes no filesystem data",
            "mounts[0].options[5]: \"U\" is ignored: not a mount flag, and a bind mount takes no filesystem data",
            "mounts[1].options[1]: \"\" is ignored: an empty option");
    }
}
