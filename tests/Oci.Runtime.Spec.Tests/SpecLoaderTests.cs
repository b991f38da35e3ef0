namespace Oci.Runtime.Spec.Tests;

public sealed class SpecLoaderTests
{
    private const string Minimal = """{ "ociVersion": "1.3.0", "root": { "path": "rootfs" } }""";

    [Fact]
    public void Loads_config_from_bundle()
    {
        using var bundle = new TempBundle().WithConfig(Minimal);

        var spec = SpecLoader.Load(bundle.Path);

        spec.OciVersion.Should().Be("1.3.0");
        spec.Root!.Path.Should().Be("rootfs");
        spec.Process.Should().BeNull();
    }

    [Fact]
    public void Missing_bundle_directory_is_named()
    {
        var act = () => SpecLoader.Load("/nonexistent/ocirt-bundle");

        act.Should().Throw<OcirtException>().WithMessage("bundle \"/nonexistent/ocirt-bundle\": no such directory");
    }

    [Fact]
    public void Bundle_that_is_a_file_is_named()
    {
        using var bundle = new TempBundle().WithConfig(Minimal);

        var act = () => SpecLoader.Load(bundle.ConfigPath);

        act.Should().Throw<OcirtException>().WithMessage($"bundle \"{bundle.ConfigPath}\": not a directory");
    }

    [Fact]
    public void Missing_config_json_gives_the_os_reason()
    {
        using var bundle = new TempBundle();

        var act = () => SpecLoader.Load(bundle.Path);

        act.Should().Throw<OcirtException>().WithMessage($"open {bundle.ConfigPath}: no such file or directory");
    }

    [Fact]
    public void Dangling_config_symlink_gives_the_os_reason()
    {
        using var bundle = new TempBundle();
        File.CreateSymbolicLink(bundle.ConfigPath, "/nonexistent/config.json");

        var act = () => SpecLoader.Load(bundle.Path);

        act.Should().Throw<OcirtException>().WithMessage($"open {bundle.ConfigPath}: no such file or directory");
    }

    [Fact]
    public void Config_json_directory_is_named()
    {
        using var bundle = new TempBundle();
        Directory.CreateDirectory(bundle.ConfigPath);

        var act = () => SpecLoader.Load(bundle.Path);

        act.Should().Throw<OcirtException>().WithMessage($"open {bundle.ConfigPath}: is a directory");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Empty_file_is_reported(string json)
    {
        using var bundle = new TempBundle().WithConfig(json);

        var act = () => SpecLoader.Load(bundle.Path);

        act.Should().Throw<OcirtException>().WithMessage($"{bundle.ConfigPath}: file is empty");
    }

    [Fact]
    public void Wrong_type_names_the_json_path_and_line()
    {
        const string json = "{\n  \"ociVersion\": \"1.3.0\",\n  \"linux\": {\n    \"namespaces\": [\n      { \"type\": true }\n    ]\n  }\n}";

        var act = () => SpecLoader.Parse(json, "config.json");

        act.Should().Throw<OcirtException>()
            .WithMessage("config.json: linux.namespaces[0].type: expected a string (line 5)")
            .WithInnerException<System.Text.Json.JsonException>();
    }

    [Theory]
    [InlineData("""{"ociVersion": "1.3.0", "process": {"oomScoreAdj": "high"}}""", "config.json: process.oomScoreAdj: expected a 32-bit integer (line 1)")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"resources": {"memory": {"limit": 1.5}}}}""", "config.json: linux.resources.memory.limit: expected a 64-bit integer (line 1)")]
    [InlineData("""{"ociVersion": "1.3.0", "annotations": {"a.b": 1}}""", "config.json: annotations['a.b']: expected a string (line 1)")]
    [InlineData("""{"ociVersion": "1.3.0", "process": {"user": null}}""", "config.json: process.user: must not be null (line 1)")]
    [InlineData("""{"ociVersion": 1}""", "config.json: ociVersion: expected a string (line 1)")]
    [InlineData("null", "config.json: expected an object, got null")]
    public void Type_errors_are_described(string json, string message)
    {
        var act = () => SpecLoader.Parse(json, "config.json");

        act.Should().Throw<OcirtException>().WithMessage(message);
    }

    [Theory]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"namespaces": [{"type": "pid"}, null]}}""", "linux.namespaces[1]")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"sysctl": {"net.ipv4.ip_forward": null}}}""", "linux.sysctl['net.ipv4.ip_forward']")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"netDevices": {"eth0": null}}}""", "linux.netDevices.eth0")]
    [InlineData("""{"ociVersion": "1.3.0", "process": {"args": ["sh"], "cwd": "/", "capabilities": {"bounding": [null]}}}""", "process.capabilities.bounding[0]")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a", null], "action": "SCMP_ACT_ALLOW"}]}}}""", "linux.seccomp.syscalls[0].names[1]")]
    public void Null_entries_are_rejected_with_their_path(string json, string path)
    {
        var act = () => SpecLoader.Parse(json, "config.json");

        act.Should().Throw<OcirtException>().WithMessage($"config.json: {path}: must not be null");
    }

    // The kernel would act on the string up to the NUL: a path or name other than the config's.
    [Theory]
    [InlineData("""{"ociVersion": "1.3.0", "process": {"args": ["sh"], "cwd": "/tmp\u0000/etc"}}""", "process.cwd: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "process": {"args": ["/bin/sh\u0000x"], "cwd": "/"}}""", "process.args[0]: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "root": {"path": "rootfs\u0000"}}""", "root.path: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "mounts": [{"destination": "/a"}, {"destination": "/b"}, {"destination": "/c\u0000d", "source": "x"}]}""", "mounts[2].destination: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "hooks": {"prestart": [{"path": "/bin/true\u0000"}]}}""", "hooks.prestart[0].path: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"cgroupsPath": "/a\u0000b"}}""", "linux.cgroupsPath: contains a NUL byte")]
    [InlineData("""{"ociVersion": "1.3.0", "linux": {"sysctl": {"kernel.x\u0000": "1"}}}""", "linux.sysctl['kernel.x\\0']: key contains a NUL byte")]
    public void Nul_bytes_are_rejected_with_their_path(string json, string problem)
    {
        var act = () => SpecLoader.Parse(json, "config.json");

        act.Should().Throw<OcirtException>().WithMessage($"config.json: {problem}");
    }

    [Fact]
    public void Annotations_may_hold_nul_bytes_as_they_never_reach_the_kernel()
    {
        var spec = SpecLoader.Parse("""{"ociVersion": "1.3.0", "annotations": {"a": "b\u0000c"}}""", "config.json");

        spec.Annotations!["a"].Should().Be("b\0c");
    }

    [Fact]
    public void Null_for_an_optional_property_means_absent()
    {
        var spec = SpecLoader.Parse("""{"ociVersion": "1.3.0", "hostname": null, "mounts": null, "linux": {"resources": null}}""", "config.json");

        spec.Hostname.Should().BeNull();
        spec.Mounts.Should().BeNull();
        spec.Linux!.Resources.Should().BeNull();
    }

    [Theory]
    [InlineData("{\"ociVersion\": \"1.3.0\",}")]
    [InlineData("{\"ociVersion\": \"1.3.0\" /* no */}")]
    [InlineData("{'ociVersion': '1.3.0'}")]
    [InlineData("{\"ociVersion\": \"1.3.0\"} {}")]
    public void Only_strict_json_is_accepted(string json)
    {
        var act = () => SpecLoader.Parse(json, "my.json");

        act.Should().Throw<OcirtException>().Which.Message.Should().StartWith("my.json: ").And.Contain("(line 1)");
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var spec = SpecLoader.Parse("""{"OciVersion": "1.3.0", "Root": {"path": "rootfs"}}""", "config.json");

        spec.OciVersion.Should().BeEmpty();
        spec.Root.Should().BeNull();
    }

    // runc: "exceeded max depth"; the text is ours, not System.Text.Json's.
    [Fact]
    public void Nesting_deeper_than_the_reader_allows_is_refused_in_words()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 10000)) + "1" + new string('}', 10000);
        var act = () => SpecLoader.Parse($"{{\"ociVersion\":\"1.0.2\",\"x-deep\":{deep}}}", "config.json");

        act.Should().Throw<OcirtException>().Which.Message.Should()
            .Contain("nested more than 64 levels deep").And.NotContain("maximum configured depth").And.NotContain("Cannot read");
    }
}
