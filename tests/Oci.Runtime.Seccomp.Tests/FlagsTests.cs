using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

public class FlagsTests
{
    private const uint Tsync = 1, Log = 2, SpecAllow = 4, NewListener = 8, TsyncEsrch = 16, WaitKillableRecv = 32;

    private static SeccompProgram WithFlags(bool notify, params string[] flags)
    {
        var profile = Profile("SCMP_ACT_ALLOW", Rule(notify ? "SCMP_ACT_NOTIFY" : "SCMP_ACT_ERRNO", "mkdir"));
        profile.Flags = [.. flags];
        return Compile(profile);
    }

    [Fact]
    public void No_flags_and_no_notify_means_zero()
    {
        var program = WithFlags(notify: false);

        program.Flags.Should().Be(0u);
        program.UsesNotify.Should().BeFalse();
    }

    [Fact]
    public void Log_and_spec_allow_pass_through()
    {
        WithFlags(false, "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW").Flags.Should().Be(Log | SpecAllow);
    }

    [Fact]
    public void Notify_asks_for_a_listener()
    {
        var program = WithFlags(notify: true);

        program.UsesNotify.Should().BeTrue();
        program.Flags.Should().Be(NewListener);
        program.Run(Audit.X86_64, 83).Should().Be(Ret.UserNotif, "mkdir is 83 on x86_64");
    }

    [Fact]
    public void Wait_killable_recv_only_goes_with_a_listener()
    {
        WithFlags(true, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV").Flags.Should().Be(NewListener | WaitKillableRecv);
        WithFlags(false, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV").Flags.Should().Be(0u, "the kernel refuses it without NEW_LISTENER");
    }

    [Fact]
    public void Tsync_with_a_listener_reports_failure_as_esrch()
    {
        WithFlags(false, "SECCOMP_FILTER_FLAG_TSYNC").Flags.Should().Be(Tsync);
        WithFlags(true, "SECCOMP_FILTER_FLAG_TSYNC").Flags.Should().Be(Tsync | NewListener | TsyncEsrch,
            "the kernel accepts TSYNC with NEW_LISTENER only together with TSYNC_ESRCH");
    }

    [Fact]
    public void Unknown_flags_are_named_with_their_path()
    {
        var act = () => WithFlags(false, "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_TURBO");
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_TURBO\"");
    }
}
