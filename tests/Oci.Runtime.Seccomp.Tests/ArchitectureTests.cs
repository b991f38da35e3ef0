using Microsoft.Extensions.Logging;
using static Oci.Runtime.Seccomp.Tests.Build;

namespace Oci.Runtime.Seccomp.Tests;

public class ArchitectureTests
{
    private static readonly Spec.LinuxSeccomp ReadOnly =
        Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "arch_prctl"));

    [Fact]
    public void The_architecture_is_checked_before_anything_else()
    {
        var program = BpfInterpreter.Decode(Compile(ReadOnly).Filter.Span);

        program[0].Should().Be(new BpfInterpreter.Insn(0x20, 0, 0, 4), "the first instruction loads seccomp_data.arch");
        program[1].Code.Should().Be(0x15);
        program[1].K.Should().Be(Audit.X86_64, "the native architecture is tested first");
    }

    [Fact]
    public void Syscalls_of_an_architecture_not_in_the_filter_kill_the_process()
    {
        var program = Compile(ReadOnly);

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.I386, Nr.I386Read).Should().Be(Ret.KillProcess);
        program.Run(Audit.Aarch64, Nr.Aarch64Read).Should().Be(Ret.KillProcess);
        program.Run(0x1234_5678, 0).Should().Be(Ret.KillProcess);
    }

    [Fact]
    public void X32_syscalls_are_killed_unless_x32_is_listed()
    {
        var program = Compile(ReadOnly);

        program.Run(Audit.X86_64, Nr.X32Bit | 0).Should().Be(Ret.KillProcess);
        program.Run(Audit.X86_64, uint.MaxValue).Should().Be(Ret.KillProcess);
    }

    [Fact]
    public void X32_and_i386_syscalls_follow_their_own_tables_on_x86_64()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO",
                Rule("SCMP_ACT_ALLOW", "read"),
                Rule("SCMP_ACT_TRAP", "rt_sigaction"),
                Rule("SCMP_ACT_LOG", "socketcall"))
            .Arches("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, 13).Should().Be(Ret.Trap, "rt_sigaction is 13 on x86_64");
        program.Run(Audit.X86_64, Nr.X32Bit | 0).Should().Be(Ret.Allow, "read is 0 | __X32_SYSCALL_BIT on x32");
        program.Run(Audit.X86_64, Nr.X32Bit | 512).Should().Be(Ret.Trap, "x32 has its own rt_sigaction, 512");
        program.Run(Audit.X86_64, Nr.X32Bit | 13).Should().Be(Ret.Errno(Ret.EPERM), "13 is x86_64's rt_sigaction, not x32's");
        program.Run(Audit.I386, Nr.I386Read).Should().Be(Ret.Allow);
        program.Run(Audit.I386, 174).Should().Be(Ret.Trap, "rt_sigaction is 174 on i386");
        program.Run(Audit.I386, 102).Should().Be(Ret.Log, "socketcall exists on i386 only");
        program.Run(Audit.I386, 0).Should().Be(Ret.Errno(Ret.EPERM));
    }

    [Fact]
    public void X32_alone_kills_x86_64_syscalls()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read")).Arches("SCMP_ARCH_X32"), SeccompArch.X32);

        program.Run(Audit.X86_64, Nr.X32Bit | 0).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.KillProcess);
    }

    [Fact]
    public void Aarch64_and_arm_use_their_tables()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "cacheflush"))
            .Arches("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), SeccompArch.Aarch64);

        program.Run(Audit.Aarch64, Nr.Aarch64Read).Should().Be(Ret.Allow);
        program.Run(Audit.Aarch64, Nr.ArmRead).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.Arm, Nr.ArmRead).Should().Be(Ret.Allow);
        program.Run(Audit.Arm, 0xf0002).Should().Be(Ret.Allow, "cacheflush is __ARM_NR_BASE + 2");
        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.KillProcess);
    }

    [Fact]
    public void The_native_architecture_is_always_in_the_filter()
    {
        var program = Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read")).Arches("SCMP_ARCH_X86"));

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.I386, Nr.I386Read).Should().Be(Ret.Allow);
    }

    [Fact]
    public void Architectures_no_supported_kernel_runs_are_skipped()
    {
        var log = new RecordingLogger();
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read"))
            .Arches("SCMP_ARCH_X86_64", "SCMP_ARCH_PPC64LE"), SeccompArch.X86_64, log);

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(0xC000_0015, Nr.X86_64Read).Should().Be(Ret.KillProcess, "AUDIT_ARCH_PPC64LE is not in the filter");
        log.Messages.Should().ContainSingle(m => m.Contains("SCMP_ARCH_PPC64LE") && m.StartsWith("Debug"));
    }

    [Fact]
    public void Unknown_architectures_are_named_with_their_path()
    {
        var act = () => Compile(Profile("SCMP_ACT_ERRNO").Arches("SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"));
        act.Should().Throw<Spec.OcirtException>().WithMessage("linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"");
    }

    [Fact]
    public void An_allow_everything_profile_checks_only_the_abi()
    {
        var program = Compile(Profile("SCMP_ACT_ALLOW"));

        program.InstructionCount.Should().Be(6, "ld arch; jeq x86_64; ld nr; jge x32 bit; ret allow; ret kill");
        program.Run(Audit.X86_64, 12345).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X32Bit | 12345).Should().Be(Ret.KillProcess);
        program.Run(Audit.I386, 0).Should().Be(Ret.KillProcess);
    }

    [Fact]
    public void The_native_architecture_follows_the_process()
    {
        SeccompArchitectures.Native.Should().Be(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => SeccompArch.Aarch64,
            _ => SeccompArch.X86_64,
        });
    }
}

internal sealed class RecordingLogger : ILogger
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Add($"{logLevel}: {formatter(state, exception)}");
}
