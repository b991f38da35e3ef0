namespace Oci.Runtime.Seccomp.Tests;

/// <summary>Runs when podman's default profile is installed, and says what to install otherwise.</summary>
public sealed class PodmanProfileFactAttribute : FactAttribute
{
    public PodmanProfileFactAttribute()
    {
        if (!File.Exists(ContainersProfile.Path))
            Skip = $"{ContainersProfile.Path} is missing: install Debian's golang-github-containers-common";
    }
}

/// <summary>podman's default profile, from Debian's golang-github-containers-common.</summary>
public class PodmanProfileTests
{
    private static SeccompProgram Compile(string scmpArch, string goArch, SeccompArch native, params string[] extraCaps)
    {
        var profile = ContainersProfile.Load(scmpArch, goArch, [.. ContainersProfile.PodmanCapabilities, .. extraCaps]);
        return SeccompCompiler.Compile(profile, native);
    }

    [PodmanProfileFact]
    public void Fits_the_kernel_limit_with_room_to_spare_on_x86_64()
    {
        var program = Compile("SCMP_ARCH_X86_64", "amd64", SeccompArch.X86_64);

        program.InstructionCount.Should().BeLessThan(1024);
        program.Flags.Should().Be(0u);
        program.UsesNotify.Should().BeFalse();
    }

    [PodmanProfileFact]
    public void Allows_denies_and_falls_back_as_podman_means_on_x86_64()
    {
        var program = Compile("SCMP_ARCH_X86_64", "amd64", SeccompArch.X86_64);

        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, 435).Should().Be(Ret.Allow, "clone3");
        program.Run(Audit.X86_64, 158).Should().Be(Ret.Allow, "arch_prctl is for amd64");
        program.Run(Audit.X86_64, 161).Should().Be(Ret.Allow, "chroot needs CAP_SYS_CHROOT, which podman grants");
        program.Run(Audit.X86_64, Nr.X86_64KexecLoad).Should().Be(Ret.Errno(Ret.EPERM));
        program.Run(Audit.X86_64, 175).Should().Be(Ret.Errno(Ret.EPERM), "init_module needs CAP_SYS_MODULE");
        program.Run(Audit.X86_64, 248).Should().Be(Ret.Errno(Ret.ENOSYS), "add_key is not listed: the default");
        program.Run(Audit.X86_64, 1000).Should().Be(Ret.Errno(Ret.ENOSYS), "a syscall newer than the profile");
        program.Run(Audit.X86_64, Nr.X86_64Personality, 8).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 0xffff_ffff).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, Nr.X86_64Personality, 0x40000).Should().Be(Ret.Errno(Ret.ENOSYS));
        // socket(AF_NETLINK, ..., NETLINK_AUDIT) is refused without CAP_AUDIT_WRITE.
        program.Run(Audit.X86_64, 41, 16, 3, 9).Should().Be(Ret.Errno(Ret.EINVAL));
        program.Run(Audit.X86_64, 41, 16, 3, 0).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, 41, 2, 1, 9).Should().Be(Ret.Allow);
    }

    [PodmanProfileFact]
    public void Covers_the_i386_and_x32_sub_architectures()
    {
        var program = Compile("SCMP_ARCH_X86_64", "amd64", SeccompArch.X86_64);

        program.Run(Audit.I386, Nr.I386Read).Should().Be(Ret.Allow);
        program.Run(Audit.I386, 102).Should().Be(Ret.Allow, "socketcall");
        program.Run(Audit.I386, 283).Should().Be(Ret.Errno(Ret.EPERM), "kexec_load");
        program.Run(Audit.X86_64, Nr.X32Bit | 0).Should().Be(Ret.Allow, "x32 read");
        program.Run(Audit.X86_64, Nr.X32Bit | 528).Should().Be(Ret.Errno(Ret.EPERM), "x32 kexec_load");
        program.Run(Audit.Aarch64, Nr.Aarch64Read).Should().Be(Ret.KillProcess);
    }

    [PodmanProfileFact]
    public void Capabilities_change_the_verdicts()
    {
        var program = Compile("SCMP_ARCH_X86_64", "amd64", SeccompArch.X86_64, "CAP_AUDIT_WRITE", "CAP_SYS_ADMIN");

        program.Run(Audit.X86_64, 41, 16, 3, 9).Should().Be(Ret.Allow);
        program.Run(Audit.X86_64, 321).Should().Be(Ret.Allow, "bpf with CAP_SYS_ADMIN");
    }

    [PodmanProfileFact]
    public void Compiles_for_aarch64_with_arm()
    {
        var program = Compile("SCMP_ARCH_AARCH64", "arm64", SeccompArch.Aarch64);

        program.InstructionCount.Should().BeLessThan(1024);
        program.Run(Audit.Aarch64, Nr.Aarch64Read).Should().Be(Ret.Allow);
        program.Run(Audit.Aarch64, 104).Should().Be(Ret.Errno(Ret.EPERM), "kexec_load");
        program.Run(Audit.Arm, Nr.ArmRead).Should().Be(Ret.Allow);
        program.Run(Audit.Arm, 0xf0005).Should().Be(Ret.Allow, "set_tls");
        program.Run(Audit.X86_64, Nr.X86_64Read).Should().Be(Ret.KillProcess);
    }
}
