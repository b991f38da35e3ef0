using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp.Tests;

/// <summary>Kernel constants written out independently of the compiler's own.</summary>
internal static class Ret
{
    public const uint KillProcess = 0x8000_0000;
    public const uint KillThread = 0x0000_0000;
    public const uint Trap = 0x0003_0000;
    public const uint UserNotif = 0x7fc0_0000;
    public const uint Log = 0x7ffc_0000;
    public const uint Allow = 0x7fff_0000;

    public static uint Errno(uint errno) => 0x0005_0000 | errno;

    public static uint Trace(uint data) => 0x7ff0_0000 | data;

    public const uint EPERM = 1, EINVAL = 22, ENOSYS = 38;
}

internal static class Audit
{
    public const uint X86_64 = 0xC000_003E;
    public const uint I386 = 0x4000_0003;
    public const uint Aarch64 = 0xC000_00B7;
    public const uint Arm = 0x4000_0028;
}

/// <summary>Syscall numbers from the kernel's tables, for checking the generated ones.</summary>
internal static class Nr
{
    public const uint X86_64Read = 0, X86_64Write = 1, X86_64Personality = 135, X86_64KexecLoad = 246;
    public const uint X32Bit = 0x4000_0000;
    public const uint I386Read = 3, I386Personality = 136;
    public const uint Aarch64Read = 63;
    public const uint ArmRead = 3;
}

internal static class Build
{
    public static LinuxSeccomp Profile(string defaultAction, params LinuxSyscall[] rules) =>
        new() { DefaultAction = defaultAction, Syscalls = [.. rules] };

    public static LinuxSyscall Rule(string action, params string[] names) =>
        new() { Action = action, Names = [.. names] };

    public static LinuxSyscall With(this LinuxSyscall rule, params LinuxSeccompArg[] args)
    {
        rule.Args = [.. args];
        return rule;
    }

    public static LinuxSyscall Errno(this LinuxSyscall rule, ulong errno)
    {
        rule.ErrnoRet = errno;
        return rule;
    }

    public static LinuxSeccompArg Arg(ulong index, string op, ulong value, ulong valueTwo = 0) =>
        new() { Index = index, Op = op, Value = value, ValueTwo = valueTwo };

    public static LinuxSeccomp Arches(this LinuxSeccomp profile, params string[] arches)
    {
        profile.Architectures = [.. arches];
        return profile;
    }

    public static uint Run(this SeccompProgram program, uint arch, uint nr, params ulong[] args) =>
        BpfInterpreter.Run(program.Filter, new SeccompData(arch, nr, args));

    public static SeccompProgram Compile(LinuxSeccomp profile, SeccompArch native = SeccompArch.X86_64) =>
        SeccompCompiler.Compile(profile, native);
}
