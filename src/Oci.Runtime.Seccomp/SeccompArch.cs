using System.Runtime.InteropServices;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp;

/// <summary>The syscall ABIs the compiler has tables for: the two host architectures ocirt
/// ships for (x86_64, aarch64) and the compat ABIs their kernels also run (i386 and x32 on
/// x86_64, 32-bit arm on aarch64).</summary>
public enum SeccompArch
{
    X86_64,
    X86,
    X32,
    Aarch64,
    Arm,
}

public static class SeccompArchitectures
{
    /// <summary>The ABI of the running process, which is the ABI the container's first
    /// process starts in: libseccomp always adds it to a filter, and so do we.</summary>
    public static SeccompArch Native => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => SeccompArch.X86_64,
        Architecture.X86 => SeccompArch.X86,
        Architecture.Arm64 => SeccompArch.Aarch64,
        Architecture.Arm => SeccompArch.Arm,
        var other => throw new OcirtException($"seccomp: no syscall table for the host architecture {other}"),
    };

    /// <summary>Parses a libseccomp architecture name as used by linux.seccomp.architectures.</summary>
    public static bool TryParse(string name, out SeccompArch arch)
    {
        (var known, arch) = name switch
        {
            "SCMP_ARCH_X86_64" => (true, SeccompArch.X86_64),
            "SCMP_ARCH_X86" => (true, SeccompArch.X86),
            "SCMP_ARCH_X32" => (true, SeccompArch.X32),
            "SCMP_ARCH_AARCH64" => (true, SeccompArch.Aarch64),
            "SCMP_ARCH_ARM" => (true, SeccompArch.Arm),
            _ => (false, default),
        };
        return known;
    }
}
