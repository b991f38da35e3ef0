using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>The state document printed by <c>state</c> and fed to hooks on stdin.</summary>
public sealed class State
{
    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; set; } = "";

    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>One of <see cref="ContainerStatus"/>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("pid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Pid { get; set; }

    [JsonPropertyName("bundle")]
    public string Bundle { get; set; } = "";

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>The values of <see cref="State.Status"/>.</summary>
public static class ContainerStatus
{
    public const string Creating = "creating";
    public const string Created = "created";
    public const string Running = "running";
    public const string Stopped = "stopped";
}

/// <summary>Sent with the notify fd to the seccomp listener (linux.seccomp.listenerPath).</summary>
public sealed class ContainerProcessState
{
    /// <summary>The fd name that <see cref="Fds"/> uses for the seccomp notify fd.</summary>
    public const string SeccompFdName = "seccompFd";

    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; set; } = "";

    /// <summary>Names of the fds passed with SCM_RIGHTS, in order.</summary>
    [JsonPropertyName("fds")]
    public List<string> Fds { get; set; } = [];

    [JsonPropertyName("pid")]
    public int Pid { get; set; }

    [JsonPropertyName("metadata")]
    public string? Metadata { get; set; }

    [JsonPropertyName("state")]
    public State State { get; set; } = new();
}
