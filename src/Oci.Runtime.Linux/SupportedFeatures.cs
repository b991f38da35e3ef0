using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>
/// The features document (features.md): what this build of ocirt really does, no more.
/// An empty list means "none" and false means "not implemented": engines read this to
/// decide what to ask for, so overclaiming would make them send configs we would then
/// fail. Each part of the executor adds its entries here when it lands.
/// </summary>
public static class SupportedFeatures
{
    public static Features Describe(string version, string commit) => new()
    {
        OciVersionMin = SpecVersion.Minimum,
        OciVersionMax = SpecVersion.Maximum,
        Hooks = [],
        MountOptions = [],
        Linux = new LinuxFeatures
        {
            Namespaces = [],
            Capabilities = [],
            Cgroup = new CgroupFeatures { V1 = false, V2 = false, Systemd = false, SystemdUser = false, Rdma = false },
            Seccomp = new SeccompFeatures { Enabled = false },
            Apparmor = new EnabledFeature { Enabled = false },
            Selinux = new EnabledFeature { Enabled = false },
            IntelRdt = new IntelRdtFeatures { Enabled = false },
            MountExtensions = new MountExtensionsFeatures { IdMap = new EnabledFeature { Enabled = false } },
            NetDevices = new EnabledFeature { Enabled = false },
        },
        Annotations = new Dictionary<string, string>
        {
            ["ocirt.version"] = version,
            ["ocirt.commit"] = commit,
        },
    };
}
