using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Setup;

/// <summary>What the steps that set up a container's process need, for its init or for an exec'd process.</summary>
public sealed record ProcessPlan(
    Spec.Process Process,
    LinuxSeccomp? Seccomp,
    int LastCapability,
    string DefaultHome,
    int PreservedFds,
    int? ConsoleSocketFd,
    LinuxPersonality? Personality = null,
    int SyncFd = -1)
{
    /// <summary>Bit N set: capability N can be granted here (<see cref="CapabilityGrants"/>); the others are left out.</summary>
    public ulong GrantableCapabilities { get; init; } = CapabilityGrants.Through(LastCapability);

    /// <summary>The fds the program keeps open from its start (0–2, the sync socket, the console socket, namespaces…).</summary>
    public IReadOnlyList<int> InheritedFds { get; init; } = [];

    /// <summary>Fds of the preserved range that the caller had closed: whatever sits there now is ocirt's, never the container's.</summary>
    public IReadOnlyList<int> ForeignPreservedFds { get; init; } = [];

    /// <summary>
    /// Socket-activation fds among the preserved ones: the process is told of them as systemd
    /// would tell it, LISTEN_FDS=N and LISTEN_PID=1 (it is pid 1 of its namespace).
    /// </summary>
    public int ListenFds { get; init; }

    /// <summary>setgroups(2) is denied in the process's user namespace (/proc/&lt;pid&gt;/setgroups says "deny"): its groups are left as they are.</summary>
    public bool SetgroupsDenied { get; init; }

    /// <summary>The preserved range's fds that are the caller's to pass on.</summary>
    public IEnumerable<int> CallersPreservedFds => Enumerable.Range(3, PreservedFds).Except(ForeignPreservedFds);
}
