namespace Oci.Runtime.Cgroups;

/// <summary>The three host layouts (crun's CGROUP_MODE_*).</summary>
public enum CgroupMode
{
    /// <summary>Only cgroup v1 hierarchies.</summary>
    Legacy,

    /// <summary>cgroup v1 controllers plus a cgroup2 mount (usually /sys/fs/cgroup/unified), which
    /// may be empty or hold controllers v1 does not (hugetlb on some hosts).</summary>
    Hybrid,

    /// <summary>One cgroup2 hierarchy holds every controller.</summary>
    Unified,
}
