using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// A sysctl is namespaced by the namespace that owns it; setting one the container shares
/// with the host would change the host. runc's rules: ipc sysctls need a private IPC
/// namespace, net.* a private network namespace, kernel.hostname/domainname a private UTS
/// namespace; anything else is not namespaced and refused. kernel.hostname is refused always,
/// as runc and crun refuse it: the hostname is the config's "hostname" field, and a sysctl
/// would quietly override it.
/// </summary>
public static class SysctlNamespaces
{
    private static readonly string[] IpcKeys =
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    public static void Check(Spec.Spec spec, string key)
    {
        var culprit = $"linux.sysctl[\"{key}\"]";
        if (key == "kernel.hostname")
            throw new OcirtException($"{culprit}: not allowed: it conflicts with the OCI \"hostname\" field; set the hostname there");
        if (IpcKeys.Contains(key) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal))
            Require(spec, NamespaceTypes.Ipc, culprit, "an ipc namespace");
        else if (key.StartsWith("net.", StringComparison.Ordinal))
            Require(spec, NamespaceTypes.Network, culprit, "a network namespace");
        else if (key == "kernel.domainname")
            Require(spec, NamespaceTypes.Uts, culprit, "a uts namespace");
        else
            throw new OcirtException($"{culprit}: not a namespaced sysctl: setting it would change the host");
    }

    /// <summary>The container must have its own namespace of that type (a joined one counts: it is not the host's).</summary>
    private static void Require(Spec.Spec spec, string type, string culprit, string what)
    {
        if (spec.Linux?.Namespaces?.Any(n => n.Type == type) != true)
            throw new OcirtException($"{culprit}: needs {what}: without one it would change the host");
    }
}
