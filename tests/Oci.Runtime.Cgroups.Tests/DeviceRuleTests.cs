using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

public sealed class DeviceRuleTests
{
    private static List<string> Writes(string list, params LinuxDeviceCgroup[] rules) =>
        [.. DeviceEmulator.FromList(list, "devices.list").TransitionTo(DeviceEmulator.FromRules(DeviceRules.FromSpec(rules)))
            .Select(r => (r.Allow ? "allow " : "deny ") + r.ToCgroupString())];

    [Fact]
    public void Fresh_cgroup_gets_deny_all_then_each_allow_rule_in_the_listed_order()
    {
        Writes("a *:* rwm\n",
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "rw" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "wr" },
                new LinuxDeviceCgroup { Allow = true, Type = "b", Access = "m" })
            .Should().Equal("deny a *:* rwm", "allow c 5:0 rw", "allow c 1:3 rw", "allow b *:* m");
    }

    [Fact]
    public void A_rule_named_again_keeps_the_place_it_was_first_named_at()
    {
        Writes("a *:* rwm\n",
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "r" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "w" })
            .Should().Equal("deny a *:* rwm", "allow c 10:229 rw", "allow c 1:3 rwm");
    }

    [Fact]
    public void Update_of_a_default_deny_cgroup_writes_only_the_difference()
    {
        Writes("c 1:3 rwm\nc 5:0 rw\n",
                new LinuxDeviceCgroup { Allow = false },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "r" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 200, Access = "rwm" })
            .Should().Equal("deny c 5:0 w", "allow c 10:200 rwm");
    }

    [Fact]
    public void A_hole_in_a_wildcard_rule_cannot_be_expressed_in_v1()
    {
        var act = () => Writes("a *:* rwm\n",
            new LinuxDeviceCgroup { Allow = false },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Access = "rwm" },
            new LinuxDeviceCgroup { Allow = false, Type = "c", Major = 1, Minor = 3, Access = "r" });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.devices: rule \"c 1:3 r\" (deny) cannot be expressed*\"c *:* rwm\"*");
    }

    [Fact]
    public void Bad_type_names_the_rule()
    {
        var type = () => DeviceRules.FromSpec([new LinuxDeviceCgroup { Type = "p" }]);
        type.Should().Throw<OcirtException>().WithMessage("linux.resources.devices[0].type: \"p\" is not a device cgroup type*");
    }

    [Fact]
    public void Unknown_access_letters_are_ignored_as_runc_ignores_them()
    {
        Writes("a *:* rwm\n",
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwa" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "xyz" })
            .Should().Equal("deny a *:* rwm", "allow c 1:3 rw");
        DeviceAccess.Warnings([new LinuxDeviceCgroup { Access = "rwm" }, new LinuxDeviceCgroup { Access = "rwaa" }, new LinuxDeviceCgroup { Access = "xyz" }])
            .Should().Equal(
                "linux.resources.devices[1].access: \"rwaa\": \"a\" is ignored (not r, w or m), as runc does",
                "linux.resources.devices[2].access: \"xyz\": \"xyz\" are ignored (not r, w or m), as runc does");
    }

    [Fact]
    public void Runc_defaults_follow_the_spec_rules_and_yield_to_linux_devices()
    {
        var rules = DeviceRules.WithRuncDefaults([new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
            [new LinuxDevice { Path = "/dev/null", Type = "c", Major = 1, Minor = 3 }]);
        rules.Should().HaveCount(1 + 10);
        rules[0].Allow.Should().BeFalse();
        rules.Should().NotContain(r => r.Major == 1 && r.Minor == 3);
        rules.Should().Contain(r => r.Type == "c" && r.Major == 136 && r.Minor == null && r.Access == "rwm");
        rules.Should().Contain(r => r.Type == "c" && r.Major == 10 && r.Minor == 200);
    }
}
