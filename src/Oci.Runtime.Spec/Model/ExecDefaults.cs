using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>
/// What `exec` reads of a container's saved config.json: its process (the new process's
/// defaults) and the Linux settings every process in the container gets. A view of the same
/// document as <see cref="Spec"/>, with only these types behind it: reading the whole spec
/// would configure serializer metadata for every type of the model on every exec.
/// </summary>
public sealed class ExecDefaults
{
    [JsonPropertyName("process")]
    public Process? Process { get; set; }

    [JsonPropertyName("linux")]
    public ExecDefaultsLinux? Linux { get; set; }
}

/// <summary>The part of linux that applies to an exec'd process too.</summary>
public sealed class ExecDefaultsLinux
{
    [JsonPropertyName("seccomp")]
    public LinuxSeccomp? Seccomp { get; set; }

    [JsonPropertyName("personality")]
    public LinuxPersonality? Personality { get; set; }
}
