using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>
/// The features document (features.md): what this build of ocirt really does, no more. Engines
/// read it to decide what to ask for, so overclaiming would make them send configs ocirt would
/// then fail: AppArmor, SELinux, Intel RDT and the systemd cgroup driver are left out until
/// they are built.
/// </summary>
public static class SupportedFeatures
{
    public static Features Describe(string version, string commit) => new()
    {
        OciVersionMin = SpecVersion.Minimum,
        OciVersionMax = SpecVersion.Maximum,
        Hooks = [.. KnownNames.Hooks],
        MountOptions = [.. KnownNames.MountOptions],
        Linux = new LinuxFeatures
        {
            Namespaces = [.. NamespaceTypes.All],
            Capabilities = [.. Capabilities.All],
            Cgroup = new CgroupFeatures { V1 = true, V2 = true, Systemd = false, SystemdUser = false, Rdma = true },
            Seccomp = new SeccompFeatures
            {
                Enabled = true,
                Actions = [.. KnownNames.SeccompActions],
                Operators = [.. KnownNames.SeccompOperators],
                // The architectures ocirt has syscall tables for.
                Archs = ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64"],
                KnownFlags = [.. KnownNames.SeccompFlags],
                SupportedFlags = [.. KnownNames.SeccompFlags.Where(f => f != "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")],
            },
            Apparmor = new EnabledFeature { Enabled = false },
            Selinux = new EnabledFeature { Enabled = false },
            IntelRdt = new IntelRdtFeatures { Enabled = false },
            MountExtensions = new MountExtensionsFeatures { IdMap = new EnabledFeature { Enabled = true } },
            NetDevices = new EnabledFeature { Enabled = false },
        },
        Annotations = new Dictionary<string, string>
        {
            ["ocirt.version"] = version,
            ["ocirt.commit"] = commit,
        },
    };
}
