using System.Text.Json;

namespace Oci.Runtime.Spec.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void Exec_defaults_read_the_process_seccomp_and_personality_of_a_whole_config()
    {
        var path = Path.Combine(Fixtures.Valid, "rich.json");
        var json = File.ReadAllText(path);
        var spec = SpecLoader.Parse(json, path);

        var defaults = Oci.Runtime.Spec.Json.SpecReader.ReadExecDefaults(System.Text.Encoding.UTF8.GetBytes(json))!;

        defaults.Process.Should().BeEquivalentTo(spec.Process);
        defaults.Linux!.Seccomp.Should().BeEquivalentTo(spec.Linux!.Seccomp);
        defaults.Linux.Personality.Should().BeEquivalentTo(spec.Linux.Personality);
        defaults.Linux.Seccomp.Should().NotBeNull("rich.json has a seccomp section, so the comparison means something");
    }

    [Fact]
    public void Unknown_properties_are_ignored_at_every_level()
    {
        const string json = """
            {
              "ociVersion": "1.3.0", "vendorExtension": {"a": [1, {"b": null}]},
              "process": {"newField": 1, "user": {"uid": 7, "gid": 8, "sid": "x"}, "args": ["sh"], "cwd": "/"},
              "root": {"path": "rootfs", "mystery": true},
              "linux": {"namespaces": [{"type": "pid", "flags": 3}], "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "future": {}}},
              "windows": {"layerFolders": ["x"]}
            }
            """;

        var spec = SpecLoader.Parse(json, "config.json");

        spec.Process!.User.Uid.Should().Be(7);
        spec.Process.User.Gid.Should().Be(8);
        spec.Root!.Path.Should().Be("rootfs");
        spec.Linux!.Namespaces.Should().ContainSingle().Which.Type.Should().Be("pid");
        spec.Linux.Seccomp!.DefaultAction.Should().Be("SCMP_ACT_ALLOW");
        SpecValidator.Validate(spec).Should().BeEmpty();
    }

    [Fact]
    public void Absent_differs_from_zero_for_go_pointers()
    {
        var spec = SpecLoader.Parse("""
            {"ociVersion": "1.3.0", "process": {"args": ["sh"], "cwd": "/", "oomScoreAdj": 0, "user": {"uid": 0, "gid": 0, "umask": 0}},
             "linux": {"resources": {"memory": {"limit": -1, "swap": 0}, "pids": {}}}}
            """, "config.json");

        spec.Process!.OomScoreAdj.Should().Be(0);
        spec.Process.User.Umask.Should().Be(0u);
        spec.Linux!.Resources!.Memory!.Limit.Should().Be(-1);
        spec.Linux.Resources.Memory.Swap.Should().Be(0);
        spec.Linux.Resources.Memory.Reservation.Should().BeNull();
        spec.Linux.Resources.Pids!.Limit.Should().BeNull();
        spec.Process.Scheduler.Should().BeNull();
    }

    [Fact]
    public void Writing_keeps_set_zero_pointers_and_omits_go_omitempty_defaults()
    {
        var spec = new Spec
        {
            OciVersion = "1.3.0",
            Process = new Process { Args = ["sh"], Cwd = "/", OomScoreAdj = 0, Terminal = false },
            Root = new Root { Path = "rootfs" },
        };

        var json = SpecWriter.Serialize(spec);

        json.Should().Contain("\"oomScoreAdj\": 0").And.Contain("\"uid\": 0");
        json.Should().NotContain("terminal").And.NotContain("readonly").And.NotContain("hostname");
    }

    [Fact]
    public void Large_unsigned_values_survive()
    {
        var spec = SpecLoader.Parse("""
            {"ociVersion": "1.3.0", "process": {"args": ["sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 0}]},
             "linux": {"resources": {"memory": {"limit": 9223372036854775807}}}}
            """, "config.json");

        spec.Process!.Rlimits![0].Hard.Should().Be(ulong.MaxValue);
        spec.Linux!.Resources!.Memory!.Limit.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Rich_fixture_round_trips()
    {
        var original = SpecLoader.Parse(File.ReadAllText(Path.Combine(Fixtures.Valid, "rich.json")), "rich.json");

        var again = SpecLoader.Parse(SpecWriter.Serialize(original), "again");

        again.Should().BeEquivalentTo(original);
        again.Linux!.Seccomp!.Syscalls![2].Args![0].Op.Should().Be("SCMP_CMP_MASKED_EQ");
        again.Linux.TimeOffsets!["boottime"].Secs.Should().Be(-3600);
        again.Linux.Devices![3].Major.Should().BeNull();
        again.Linux.Resources!.BlockIO!.WeightDevice![0].LeafWeight.Should().Be((ushort)300);
        again.Linux.NetDevices!["ens4"].Name.Should().BeNull();
        again.Process!.ExecCpuAffinity!.Final.Should().Be("2-3");
    }

    [Fact]
    public void State_round_trips()
    {
        var state = new State
        {
            OciVersion = SpecVersion.Current, Id = "abc", Status = ContainerStatus.Running, Pid = 4242,
            Bundle = "/run/bundle", Annotations = new() { ["k"] = "v" },
        };

        var json = SpecWriter.Serialize(state);
        var back = JsonSerializer.Deserialize(json, SpecJsonContext.Default.State);

        back.Should().BeEquivalentTo(state);
        json.Should().Contain("\"status\": \"running\"");
    }

    [Fact]
    public void Stopped_state_omits_pid_like_go()
    {
        var json = SpecWriter.Serialize(new State { OciVersion = "1.3.0", Id = "x", Status = ContainerStatus.Stopped, Bundle = "/b" });

        json.Should().NotContain("pid");
    }

    [Fact]
    public void Features_round_trip_with_unknown_left_out()
    {
        var features = new Features
        {
            OciVersionMin = SpecVersion.Minimum,
            OciVersionMax = SpecVersion.Maximum,
            Hooks = [.. KnownNames.Hooks],
            MountOptions = [.. KnownNames.MountOptions],
            Linux = new LinuxFeatures
            {
                Namespaces = [.. NamespaceTypes.All],
                Capabilities = [.. Capabilities.All],
                Cgroup = new CgroupFeatures { V1 = false, V2 = true, Systemd = false },
                Seccomp = new SeccompFeatures { Enabled = true, Actions = [.. KnownNames.SeccompActions] },
                MountExtensions = new MountExtensionsFeatures { IdMap = new EnabledFeature { Enabled = true } },
                IntelRdt = new IntelRdtFeatures { Enabled = true, Schemata = true },
            },
            PotentiallyUnsafeConfigAnnotations = ["com.example."],
        };

        var json = SpecWriter.Serialize(features);
        var back = JsonSerializer.Deserialize(json, SpecJsonContext.Default.Features);

        back.Should().BeEquivalentTo(features);
        json.Should().Contain("\"v1\": false").And.NotContain("systemdUser").And.NotContain("apparmor");
    }

    [Fact]
    public void Runtime_spec_features_example_parses()
    {
        const string json = """
            {"ociVersion": "1.3.0", "ociVersionMin": "1.0.0", "ociVersionMax": "1.3.0",
             "linux": {"cgroup": {"v1": true, "v2": true, "systemd": true, "systemdUser": true, "rdma": true},
                       "seccomp": {"enabled": true, "knownFlags": ["SECCOMP_FILTER_FLAG_LOG"], "supportedFlags": []},
                       "apparmor": {"enabled": true}, "selinux": {"enabled": true},
                       "memoryPolicy": {"modes": ["MPOL_BIND"], "flags": ["MPOL_F_STATIC_NODES"]},
                       "netDevices": {"enabled": true}},
             "annotations": {"io.github.seccomp.libseccomp.version": "2.5.4"}}
            """;

        var features = JsonSerializer.Deserialize(json, SpecJsonContext.Default.Features)!;

        features.Linux!.Cgroup!.Rdma.Should().BeTrue();
        features.Linux.Seccomp!.SupportedFlags.Should().BeEmpty();
        features.Linux.MemoryPolicy!.Modes.Should().Equal("MPOL_BIND");
        features.Linux.NetDevices!.Enabled.Should().BeTrue();
    }
}
