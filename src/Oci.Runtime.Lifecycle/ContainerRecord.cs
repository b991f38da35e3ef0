using System.Text.Json.Serialization;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// What ocirt keeps about a container in &lt;root&gt;/&lt;id&gt;/state.json. The status is the
/// last one a verb recorded; <see cref="StatusResolver"/> turns it into the live one.
/// </summary>
public sealed class ContainerRecord
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; set; } = "";
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("pid")] public int Pid { get; set; }

    /// <summary>Field 22 of /proc/&lt;pid&gt;/stat when the init started: tells a reused pid apart.</summary>
    [JsonPropertyName("pidStartTime")] public ulong PidStartTime { get; set; }

    [JsonPropertyName("bundle")] public string Bundle { get; set; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; set; } = "";

    /// <summary>RFC 3339 with nanoseconds, UTC, as runc prints it.</summary>
    [JsonPropertyName("created")] public string Created { get; set; } = "";

    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>linux.cgroupsPath and --systemd-cgroup as create saw them: later verbs find the cgroup from these.</summary>
    [JsonPropertyName("cgroupsPath")] public string? CgroupsPath { get; set; }

    [JsonPropertyName("systemdCgroup")] public bool SystemdCgroup { get; set; }

    /// <summary>The cgroup directories create made, so delete removes exactly those.</summary>
    [JsonPropertyName("cgroupDirectories")] public List<string>? CgroupDirectories { get; set; }

    /// <summary>linux.resources as `update` last set them, merged over what was recorded before;
    /// kept so the next update can pair a lone CPU quota or period with the other half.</summary>
    [JsonPropertyName("resources")] public Spec.LinuxResources? Resources { get; set; }

    /// <summary>The config's hooks: start runs startContainer and poststart, delete runs poststop, long after create read the config.</summary>
    [JsonPropertyName("hooks")] public Spec.Hooks? Hooks { get; set; }

    /// <summary>linux.namespaces types, so hooks that run in the container know which namespaces to join.</summary>
    [JsonPropertyName("namespaces")] public List<string>? Namespaces { get; set; }
}
