using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

// Model conventions, shared by every file in this folder (mirroring specs-go/config.go):
// - Go pointers become nullable value types so that "absent" differs from zero.
// - Go omitempty strings, slices and maps become nullable references (null = absent).
// - Go omitempty scalars (bool, ints) stay non-nullable and are skipped when they hold
//   their default, which is what encoding/json does; absent and zero mean the same there.
// - Go fields without omitempty are non-nullable and always written.
// Properties are declared in Go struct order so that serialized output matches runc's.

/// <summary>The container configuration, <c>config.json</c> (specs-go Spec).</summary>
public sealed class Spec
{
    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; set; } = "";

    [JsonPropertyName("process")]
    public Process? Process { get; set; }

    [JsonPropertyName("root")]
    public Root? Root { get; set; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; }

    [JsonPropertyName("domainname")]
    public string? Domainname { get; set; }

    [JsonPropertyName("mounts")]
    public List<Mount>? Mounts { get; set; }

    [JsonPropertyName("hooks")]
    public Hooks? Hooks { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    [JsonPropertyName("linux")]
    public LinuxConfig? Linux { get; set; }
}

/// <summary>The container's root filesystem.</summary>
public sealed class Root
{
    /// <summary>Absolute, or relative to the bundle directory.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("readonly")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Readonly { get; set; }
}
