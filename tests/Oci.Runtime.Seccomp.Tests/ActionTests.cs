using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

public class ActionTests
{
    public static TheoryData<string, ulong?, uint> Actions => new()
    {
        { "SCMP_ACT_KILL", null, Ret.KillThread },
        { "SCMP_ACT_KILL_THREAD", null, Ret.KillThread },
        { "SCMP_ACT_KILL_PROCESS", null, Ret.KillProcess },
        { "SCMP_ACT_TRAP", null, Ret.Trap },
        { "SCMP_ACT_ERRNO", null, Ret.Errno(Ret.EPERM) },
        { "SCMP_ACT_ERRNO", 13, Ret.Errno(13) },
        { "SCMP_ACT_TRACE", null, Ret.Trace(Ret.EPERM) },
        { "SCMP_ACT_TRACE", 1234, Ret.Trace(1234) },
        { "SCMP_ACT_LOG", null, Ret.Log },
        { "SCMP_ACT_NOTIFY", null, Ret.UserNotif },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void A_rule_returns_its_action(string action, ulong? errno, uint expected)
    {
        var rule = Rule(action, "write");
        rule.ErrnoRet = errno;
        if (action == "SCMP_ACT_NOTIFY")
            rule.Names = ["getpid"];
        var program = Compile(Profile("SCMP_ACT_ALLOW", rule));

        var nr = action == "SCMP_ACT_NOTIFY" ? 39u : Nr.X86_64Write;
        program.Run(Audit.X86_64, nr).Should().Be(expected);
        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void The_default_action_covers_syscalls_no_rule_names(string action, ulong? errno, uint expected)
    {
        if (action == "SCMP_ACT_NOTIFY")
            return;
        var profile = Profile(action, Rule("SCMP_ACT_ALLOW", "read", "write", "kexec_load"));
        profile.DefaultErrnoRet = errno;
        var program = Compile(profile);

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality).Should().Be(expected);
    }

    [Fact]
    public void Notify_cannot_be_the_default_action()
    {
        var act = () => Compile(Profile("SCMP_ACT_NOTIFY"));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
    }

    [Fact]
    public void Notify_cannot_be_used_for_write_which_hands_the_listener_over()
    {
        var act = () => Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_NOTIFY", "read", "write")));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for write");
    }

    [Fact]
    public void A_rule_with_the_default_action_is_dropped_like_runc_does()
    {
        // Were the first rule kept, its conditions would decide before the second rule.
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ERRNO", "personality").With(Arg(0, "SCMP_CMP_EQ", 7)),
            Rule("SCMP_ACT_ALLOW", "personality")));

        program.Run(Audit.X86_64, Nr.X86_64Personality, 7).Should().Be(Ret.Allow);
    }

    [Fact]
    public void Errno_values_must_fit_the_sixteen_bits_the_kernel_keeps()
    {
        var act = () => Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "read").Errno(70000)));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.syscalls[0].errnoRet: must be at most 65535, got 70000");
    }

    [Fact]
    public void Only_errno_and_trace_take_an_errno()
    {
        var profile = Profile("SCMP_ACT_KILL");
        profile.DefaultErrnoRet = 1;
        var act = () => Compile(profile);
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not SCMP_ACT_KILL");
    }

    [Fact]
    public void Unknown_actions_are_named_with_their_path()
    {
        var act = () => Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ALLOW", "read"), Rule("SCMP_ACT_MAYBE", "write")));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.syscalls[1].action: unknown action \"SCMP_ACT_MAYBE\"");
    }
}
