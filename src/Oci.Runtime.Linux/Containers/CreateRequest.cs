using RuntimeSpec = Oci.Runtime.Spec.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>What `create` (and `run`) asked for, already validated; <see cref="ConfigJson"/> is the config.json <see cref="Spec"/> was parsed from.</summary>
public sealed record CreateRequest(
    string Id,
    string Bundle,
    RuntimeSpec Spec,
    byte[] ConfigJson,
    string? ConsoleSocket,
    string? PidFile,
    bool NoPivot,
    int PreserveFds,
    bool SystemdCgroup)
{
    /// <summary>Instead of <see cref="ConsoleSocket"/>: an fd of ocirt's own to send the pty master to (a foreground run's terminal).</summary>
    public int? ConsoleFd { get; init; }

    /// <summary>
    /// `run`: started as part of the create, as crun does. No exec fifo: the parent runs the
    /// startContainer hooks while the init waits for its answer to Ready, and the answer lets it
    /// exec; create returns once it has (the sync socket closes on exec).
    /// </summary>
    public bool StartAtOnce { get; init; }

    /// <summary>Rootless as runc decides it (--rootless, or auto): a cgroup the caller may not create is then no error while no limits are asked.</summary>
    public bool Rootless { get; init; }
}
