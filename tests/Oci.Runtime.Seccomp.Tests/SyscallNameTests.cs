using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

public class SyscallNameTests
{
    [Theory]
    [InlineData(SeccompArch.X86_64, "read", 0u)]
    [InlineData(SeccompArch.X86_64, "kexec_load", 246u)]
    [InlineData(SeccompArch.X86_64, "_sysctl", 156u)]
    [InlineData(SeccompArch.X86_64, "clone3", 435u)]
    [InlineData(SeccompArch.X32, "read", 0x4000_0000u)]
    [InlineData(SeccompArch.X32, "execve", 0x4000_0208u)]
    [InlineData(SeccompArch.X86, "socketcall", 102u)]
    [InlineData(SeccompArch.X86, "_llseek", 140u)]
    [InlineData(SeccompArch.Aarch64, "newfstatat", 79u)]
    [InlineData(SeccompArch.Aarch64, "renameat", 38u)]
    [InlineData(SeccompArch.Arm, "arm_fadvise64_64", 270u)]
    [InlineData(SeccompArch.Arm, "set_tls", 0xf0005u)]
    public void Tables_give_the_kernel_numbers(SeccompArch arch, string name, uint number)
    {
        ArchTable.For(arch).Lookup(name).Should().Be(number);
    }

    [Theory]
    [InlineData(SeccompArch.X86_64, "socketcall")]
    [InlineData(SeccompArch.Aarch64, "open")]
    [InlineData(SeccompArch.X32, "uselib")]
    [InlineData(SeccompArch.Arm, "syscalls")]
    public void Tables_leave_out_what_the_abi_lacks(SeccompArch arch, string name)
    {
        ArchTable.For(arch).Lookup(name).Should().BeNull();
    }

    [Fact]
    public void Unknown_syscall_names_are_skipped_with_a_debug_message()
    {
        var log = new RecordingLogger();
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "read", "not_a_syscall", "socketcall")), SeccompArch.X86_64, log);

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        log.Messages.Should().Equal("Debug: seccomp: unknown syscall not_a_syscall ignored");
        log.Messages.Should().NotContain(m => m.Contains("socketcall"), "i386 knows it, even if this filter has no i386 section");
    }
}
