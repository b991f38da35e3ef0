using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

/// <summary>runc's patchbpf ENOSYS stub: syscalls newer than the profile get ENOSYS, so a
/// newer libc falls back to an older syscall instead of failing with the default errno.</summary>
public class EnosysTests
{
    [Theory]
    [InlineData("SCMP_ACT_ERRNO", Ret.EPERM | 0x0005_0000)]
    [InlineData("SCMP_ACT_KILL_PROCESS", Ret.KillProcess)]
    [InlineData("SCMP_ACT_KILL", Ret.KillThread)]
    [InlineData("SCMP_ACT_TRAP", Ret.Trap)]
    public void Syscalls_above_the_highest_named_one_return_enosys(string defaultAction, uint defaultRet)
    {
        // kexec_load (246) is the highest, and its rule has the default action.
        var program = Compile(Profile(defaultAction,
            Rule("SCMP_ACT_ALLOW", "read", "write"),
            Rule(defaultAction, "kexec_load")));

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality).Should().Be(defaultRet);
        program.Run(Audit.X86_64, Nr.X86_64KexecLoad).Should().Be(defaultRet);
        program.Run(Audit.X86_64, Nr.X86_64KexecLoad + 1).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.X86_64, 0x3fff_ffff).Should().Be(Ret.Errno(Ret.ENOSYS));
    }

    [Theory]
    [InlineData("SCMP_ACT_ALLOW", Ret.Allow)]
    [InlineData("SCMP_ACT_LOG", Ret.Log)]
    [InlineData("SCMP_ACT_TRACE", 0x7ff0_0001u)]
    public void Defaults_that_let_syscalls_through_get_no_enosys(string defaultAction, uint defaultRet)
    {
        var program = Compile(Profile(defaultAction, Rule("SCMP_ACT_ERRNO", "read")));

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.X86_64, 1000).Should().Be(defaultRet);
    }

    [Fact]
    public void Rules_with_conditions_count_and_unknown_names_do_not()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "read"),
            Rule("SCMP_ACT_ALLOW", "personality").With(Arg(0, "SCMP_CMP_EQ", 0)),
            Rule("SCMP_ACT_ALLOW", "a_syscall_from_the_future")));

        program.Run(Audit.X86_64, Nr.X86_64Personality, 1).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.X86_64, Nr.X86_64Personality + 1).Should().Be(Ret.Errno(Ret.ENOSYS));
    }

    [Fact]
    public void Each_abi_has_its_own_highest_syscall()
    {
        // kexec_load: 246 on x86_64, 512 + 16 | __X32_SYSCALL_BIT on x32, 283 on i386.
        var program = Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "kexec_load"))
            .Arches("SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"));

        program.Run(Audit.X86_64, 247).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.X86_64, Nr.X32Bit | 247).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.X86_64, Nr.X32Bit | 528).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X32Bit | 529).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.X86_64, uint.MaxValue).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.I386, 283).Should().Be(Ret.Allow);
        program.Run(Audit.I386, 284).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.I386, 247).Should().Be(Ret.Errno(Ret.EPERM));
    }

    [Fact]
    public void An_abi_without_named_syscalls_keeps_the_default()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "newfstatat"))
            .Arches("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"));

        program.Run(Audit.X86_64, 1000).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.I386, 1000).Should().Be(Ret.Errno(Ret.EPERM), "i386 has no newfstatat");
    }

    [Fact]
    public void A_default_of_enosys_stays_enosys()
    {
        var profile = Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "write"));
        profile.DefaultErrnoRet = Ret.ENOSYS;
        var program = Compile(profile);

        program.Run(Audit.X86_64, 2).Should().Be(Ret.Errno(Ret.ENOSYS));
        program.Run(Audit.X86_64, 1000).Should().Be(Ret.Errno(Ret.ENOSYS));
    }
}
