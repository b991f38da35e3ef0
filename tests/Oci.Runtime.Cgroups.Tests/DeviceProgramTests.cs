using Oci.Runtime.Cgroups.V2;
using Oci.Runtime.Spec;
using static Oci.Runtime.Cgroups.Tests.BpfInterpreter;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>The v2 device filter, run in <see cref="BpfInterpreter"/> against the v1
/// kernel's devices-cgroup semantics.</summary>
public sealed class DeviceProgramTests
{
    private static byte[] Program(IReadOnlyList<LinuxDeviceCgroup> rules) =>
        DeviceProgram.Encode(DeviceProgram.Compile(DeviceRules.FromSpec(rules)));

    private static LinuxDeviceCgroup Rule(bool allow, string? type = null, long? major = null, long? minor = null, string access = "rwm") =>
        new() { Allow = allow, Type = type, Major = major, Minor = minor, Access = access };

    /// <summary>What `ocirt spec` plus runc's defaults give every container.</summary>
    private static readonly List<LinuxDeviceCgroup> RuncDefaults = DeviceRules.WithRuncDefaults([Rule(false)], null);

    [Fact]
    public void Runc_defaults_compile_to_64_instructions()
    {
        var program = DeviceProgram.Compile(DeviceRules.FromSpec(RuncDefaults));
        // Prologue 6; "c *:* m" and "b *:* m" 6 each (type, 3 for access, verdict);
        // eight exact char devices 5 each; "c 136:* rwm" 4; default 2.
        program.Should().HaveCount(64);
        program[0].Should().Be(new BpfInstruction(BpfInstruction.LoadWord, 2, 1, 0, 0));
        program[^2].Should().Be(new BpfInstruction(BpfInstruction.Mov32Imm, 0, 0, 0, 0));
        program[^1].Code.Should().Be(BpfInstruction.Exit);
    }

    [Fact]
    public void Encoding_is_struct_bpf_insn()
    {
        DeviceProgram.Encode([new BpfInstruction(BpfInstruction.LoadWord, 2, 1, 4, 0), new BpfInstruction(BpfInstruction.JneImm, 5, 0, 3, 200)])
            .Should().Equal(0x61, 0x12, 4, 0, 0, 0, 0, 0, 0x55, 0x05, 3, 0, 200, 0, 0, 0);
    }

    [Theory]
    [InlineData(DevChar, 1u, 3u, "rw", true)]     // /dev/null
    [InlineData(DevChar, 1u, 9u, "r", true)]      // /dev/urandom
    [InlineData(DevChar, 136u, 4u, "rw", true)]   // /dev/pts/4
    [InlineData(DevChar, 5u, 2u, "rw", true)]     // /dev/ptmx
    [InlineData(DevChar, 10u, 200u, "rw", true)]  // /dev/net/tun
    [InlineData(DevChar, 4u, 1u, "m", true)]      // mknod of any char device
    [InlineData(DevBlock, 8u, 0u, "m", true)]     // mknod of any block device
    [InlineData(DevBlock, 8u, 0u, "r", false)]    // /dev/sda
    [InlineData(DevChar, 4u, 1u, "w", false)]     // /dev/tty1
    [InlineData(DevChar, 1u, 1u, "r", false)]     // /dev/mem
    [InlineData(DevChar, 10u, 229u, "rw", false)] // /dev/fuse
    [InlineData(DevChar, 5u, 1u, "rw", false)]    // /dev/console
    public void Runc_defaults_allow_the_default_devices_only(int type, uint major, uint minor, string access, bool allowed) =>
        Run(Program(RuncDefaults), type, major, minor, Access(access)).Should().Be(allowed);

    [Fact]
    public void Later_rules_override_earlier_ones_and_an_a_rule_resets()
    {
        var rules = new[] { Rule(false), Rule(true, "c", 1, 3), Rule(false, "c", 1, 3, "w") };
        Run(Program(rules), DevChar, 1, 3, AccRead).Should().BeTrue();
        Run(Program(rules), DevChar, 1, 3, AccWrite).Should().BeFalse();
        var reset = new[] { Rule(false), Rule(true, "c", 1, 3), Rule(true) };
        Run(Program(reset), DevBlock, 8, 0, AccRead).Should().BeTrue();
        Program(reset).Should().HaveCount((6 + 2) * 8, "an allow-all program is the prologue and the default");
    }

    [Fact]
    public void A_deny_rule_refuses_any_access_it_names_even_combined()
    {
        // O_RDWR asks for read and write at once; "deny w" must refuse it, as v1 does.
        var rules = new[] { Rule(true), Rule(false, "c", 1, 3, "w") };
        Run(Program(rules), DevChar, 1, 3, AccRead | AccWrite).Should().BeFalse();
        Run(Program(rules), DevChar, 1, 3, AccRead).Should().BeTrue();
        Run(Program(rules), DevChar, 1, 4, AccWrite).Should().BeTrue();
    }

    [Fact]
    public void Access_split_over_rules_for_one_device_adds_up()
    {
        var rules = new[] { Rule(false), Rule(true, "c", 1, 3, "r"), Rule(true, "c", 1, 3, "w") };
        Run(Program(rules), DevChar, 1, 3, AccRead | AccWrite).Should().BeTrue();
    }

    [Fact]
    public void No_rules_deny_everything_as_runcs_emulator_starts()
    {
        Run(Program([]), DevChar, 1, 3, AccRead).Should().BeFalse();
    }

    [Fact]
    public void A_hole_in_a_wildcard_is_refused_as_runc_does_on_v2()
    {
        var act = () => Program([Rule(false), Rule(true, "c"), Rule(false, "c", 1, 3, "r")]);
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.devices: rule \"c 1:3 r\" (deny)*");
    }

    [Fact]
    public void Random_rule_sets_match_the_v1_kernel()
    {
        var random = new Random(20240531);
        string[] accesses = ["r", "w", "m", "rw", "rm", "wm", "rwm"];
        long?[] numbers = [null, 1, 5];
        int compared = 0;
        for (int set = 0; set < 3000; set++)
        {
            var rules = Enumerable.Range(0, random.Next(0, 7)).Select(_ => Rule(
                random.Next(2) == 0,
                random.Next(5) switch { 0 => "a", 1 or 2 => "b", _ => "c" },
                numbers[random.Next(numbers.Length)],
                numbers[random.Next(numbers.Length)],
                accesses[random.Next(accesses.Length)])).ToList();
            byte[] program;
            try
            {
                program = Program(rules);
            }
            catch (OcirtException)
            {
                continue; // a hole in a wildcard, which the emulator refuses (tested above)
            }
            var kernel = new V1Kernel(rules);
            foreach (int type in new[] { DevBlock, DevChar })
            foreach (uint major in new uint[] { 1, 5, 8 })
            foreach (uint minor in new uint[] { 1, 5, 8 })
            foreach (string access in accesses)
            {
                bool want = kernel.Allows(type, major, minor, Access(access));
                if (Run(program, type, major, minor, Access(access)) != want)
                    Assert.Fail($"rules [{string.Join(", ", DeviceRules.FromSpec(rules).Select(r => (r.Allow ? "allow " : "deny ") + r.ToCgroupString()))}], request {type} {major}:{minor} {access}: kernel says {(want ? "allow" : "deny")}");
                compared++;
            }
        }
        compared.Should().BeGreaterThan(100_000);
    }

    /// <summary>security/device_cgroup.c for v1, written from the kernel rather than from
    /// DeviceEmulator: a default behaviour and exceptions merged by exact (type, major, minor);
    /// a rule of the default's kind subtracts from an exact exception, the other kind adds.</summary>
    private sealed class V1Kernel
    {
        private bool _defaultAllow;
        private readonly Dictionary<(int Type, long Major, long Minor), int> _exceptions = [];

        public V1Kernel(IEnumerable<LinuxDeviceCgroup> rules)
        {
            foreach (var r in DeviceRules.FromSpec([.. rules]))
            {
                if (r.Type == 'a')
                {
                    _defaultAllow = r.Allow;
                    _exceptions.Clear();
                    continue;
                }
                var key = (r.Type == 'b' ? DevBlock : DevChar, r.Major, r.Minor);
                int access = Access(r.Access);
                if (r.Allow != _defaultAllow) _exceptions[key] = _exceptions.GetValueOrDefault(key) | access;
                else if (_exceptions.TryGetValue(key, out int left) && (left &= ~access) != 0) _exceptions[key] = left;
                else _exceptions.Remove(key);
            }
        }

        public bool Allows(int type, uint major, uint minor, int access)
        {
            var matching = _exceptions.Where(e => e.Key.Type == type && (e.Key.Major < 0 || e.Key.Major == major) && (e.Key.Minor < 0 || e.Key.Minor == minor));
            // match_exception_partial: a default-allow cgroup denies any overlap with an exception;
            // match_exception: a default-deny one needs one exception covering the whole access.
            return _defaultAllow
                ? !matching.Any(e => (e.Value & access) != 0)
                : matching.Any(e => (access & ~e.Value) == 0);
        }
    }
}
