namespace Oci.Runtime.Spec;

/// <summary>
/// The one error type ocirt reports to its user. Its message must name the culprit
/// (config field, path, container id, syscall and errno): the CLI prints it as the
/// final <c>error</c> log line, which containerd and podman show verbatim.
/// </summary>
public sealed class OcirtException : Exception
{
    public OcirtException(string message) : base(message) { }

    public OcirtException(string message, Exception inner) : base(message, inner) { }

    /// <summary>ocirt's exit status for this error: 1, or what runc uses (255 for a failed `exec`).</summary>
    public int ExitCode { get; init; } = 1;
}
