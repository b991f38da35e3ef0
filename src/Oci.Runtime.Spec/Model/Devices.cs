using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>A device node to create in the container (linux.devices).</summary>
public sealed class LinuxDevice
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    /// <summary>"c", "u" (unbuffered char), "b" or "p" (fifo).</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>
    /// Not a pointer in Go, but nullable here: the spec makes major/minor REQUIRED for
    /// every type but "p", and a silent 0 would create the wrong device.
    /// </summary>
    [JsonPropertyName("major")]
    public long? Major { get; set; }

    [JsonPropertyName("minor")]
    public long? Minor { get; set; }

    /// <summary>Go os.FileMode: permission bits (and Go's own type bits, which runtimes ignore).</summary>
    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; set; }

    [JsonPropertyName("uid")]
    public uint? Uid { get; set; }

    [JsonPropertyName("gid")]
    public uint? Gid { get; set; }
}

/// <summary>A device cgroup rule (linux.resources.devices).</summary>
public sealed class LinuxDeviceCgroup
{
    [JsonPropertyName("allow")]
    public bool Allow { get; set; }

    /// <summary>"a" (all, the default), "c" or "b".</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Absent means any major.</summary>
    [JsonPropertyName("major")]
    public long? Major { get; set; }

    /// <summary>Absent means any minor.</summary>
    [JsonPropertyName("minor")]
    public long? Minor { get; set; }

    /// <summary>Subset of "rwm"; absent means all.</summary>
    [JsonPropertyName("access")]
    public string? Access { get; set; }
}
