namespace Oci.Runtime.Linux.Containers;

/// <summary>What `exec` asked for: the process (from --process, or the container's own with the flags applied) and how to run it;
/// <see cref="Container"/> is what the container's saved config says of every process in it.</summary>
public sealed record ExecRequest(
    string Id,
    Spec.Process Process,
    Spec.ExecDefaults Container,
    bool Detach,
    string? PidFile,
    string? ConsoleSocket,
    int PreserveFds,
    bool IgnorePaused)
{
    /// <summary>Instead of <see cref="ConsoleSocket"/>: an fd of ocirt's own to send the pty master to (a foreground exec's terminal).</summary>
    public int? ConsoleFd { get; init; }
}
