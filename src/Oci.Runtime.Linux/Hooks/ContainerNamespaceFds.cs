using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Hooks;

/// <summary>Fds of a running init's namespaces (/proc/&lt;pid&gt;/ns/*), for hooks that run inside the container.</summary>
public sealed class ContainerNamespaceFds : IDisposable
{
    private static readonly Dictionary<string, string> Files = new()
    {
        [NamespaceTypes.Pid] = "pid", [NamespaceTypes.Network] = "net", [NamespaceTypes.Mount] = "mnt",
        [NamespaceTypes.Ipc] = "ipc", [NamespaceTypes.Uts] = "uts", [NamespaceTypes.User] = "user",
        [NamespaceTypes.Cgroup] = "cgroup", [NamespaceTypes.Time] = "time",
    };

    private readonly OpenFds _fds = new();

    public ContainerNamespaceFds(int pid, IEnumerable<string> types)
    {
        foreach (var type in types.Distinct())
            ByType[type] = _fds.Open($"/proc/{pid}/ns/{Files[type]}", OpenFds.ReadOnly, $"the container's {type} namespace");
    }

    public Dictionary<string, int> ByType { get; } = [];

    public void Dispose() => _fds.Dispose();
}
