using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// The error a verb gives when the part of ocirt it needs is not built yet: after the
/// arguments, the id and the container have been checked, it fails honestly instead of
/// pretending to succeed.
/// </summary>
public static class NotBuilt
{
    public static OcirtException Error(string what, string missingPart) =>
        new($"{what}: not supported yet: this build of ocirt has no {missingPart}");

    public const string Executor = "container executor (clone, namespaces, rootfs, process set-up)";
    public const string CgroupManager = "cgroup manager";
}
