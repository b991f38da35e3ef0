using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>
/// The <c>linux</c> section (specs-go Linux). Named LinuxConfig, not Linux, because a
/// type called Linux would be hidden by the Oci.Runtime.Linux namespace in sibling projects.
/// </summary>
public sealed class LinuxConfig
{
    [JsonPropertyName("uidMappings")]
    public List<LinuxIdMapping>? UidMappings { get; set; }

    [JsonPropertyName("gidMappings")]
    public List<LinuxIdMapping>? GidMappings { get; set; }

    [JsonPropertyName("sysctl")]
    public Dictionary<string, string>? Sysctl { get; set; }

    [JsonPropertyName("resources")]
    public LinuxResources? Resources { get; set; }

    [JsonPropertyName("cgroupsPath")]
    public string? CgroupsPath { get; set; }

    [JsonPropertyName("namespaces")]
    public List<LinuxNamespace>? Namespaces { get; set; }

    [JsonPropertyName("devices")]
    public List<LinuxDevice>? Devices { get; set; }

    /// <summary>Keyed by the device name on the host.</summary>
    [JsonPropertyName("netDevices")]
    public Dictionary<string, LinuxNetDevice>? NetDevices { get; set; }

    [JsonPropertyName("seccomp")]
    public LinuxSeccomp? Seccomp { get; set; }

    [JsonPropertyName("rootfsPropagation")]
    public string? RootfsPropagation { get; set; }

    [JsonPropertyName("maskedPaths")]
    public List<string>? MaskedPaths { get; set; }

    [JsonPropertyName("readonlyPaths")]
    public List<string>? ReadonlyPaths { get; set; }

    [JsonPropertyName("mountLabel")]
    public string? MountLabel { get; set; }

    [JsonPropertyName("intelRdt")]
    public LinuxIntelRdt? IntelRdt { get; set; }

    [JsonPropertyName("memoryPolicy")]
    public LinuxMemoryPolicy? MemoryPolicy { get; set; }

    [JsonPropertyName("personality")]
    public LinuxPersonality? Personality { get; set; }

    /// <summary>Keyed by clock name: "monotonic" or "boottime".</summary>
    [JsonPropertyName("timeOffsets")]
    public Dictionary<string, LinuxTimeOffset>? TimeOffsets { get; set; }
}

public sealed class LinuxNamespace
{
    /// <summary>pid, network, mount, ipc, uts, user, cgroup or time; see <see cref="NamespaceTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>An existing namespace to join instead of creating one.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }
}

public sealed class LinuxIdMapping
{
    [JsonPropertyName("containerID")]
    public uint ContainerId { get; set; }

    [JsonPropertyName("hostID")]
    public uint HostId { get; set; }

    [JsonPropertyName("size")]
    public uint Size { get; set; }
}

public sealed class LinuxTimeOffset
{
    [JsonPropertyName("secs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Secs { get; set; }

    [JsonPropertyName("nanosecs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint Nanosecs { get; set; }
}

public sealed class LinuxNetDevice
{
    /// <summary>Name inside the container; the host name is kept when absent.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

/// <summary>Intel RDT (resctrl) class of service and monitoring.</summary>
public sealed class LinuxIntelRdt
{
    [JsonPropertyName("closID")]
    public string? ClosId { get; set; }

    [JsonPropertyName("schemata")]
    public List<string>? Schemata { get; set; }

    [JsonPropertyName("l3CacheSchema")]
    public string? L3CacheSchema { get; set; }

    [JsonPropertyName("memBwSchema")]
    public string? MemBwSchema { get; set; }

    [JsonPropertyName("enableMonitoring")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EnableMonitoring { get; set; }
}

/// <summary>set_mempolicy(2) input.</summary>
public sealed class LinuxMemoryPolicy
{
    /// <summary>"MPOL_BIND" and friends.</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; set; } = "";

    /// <summary>Node list in range format, "0-3,7".</summary>
    [JsonPropertyName("nodes")]
    public string? Nodes { get; set; }

    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }
}

/// <summary>personality(2) input.</summary>
public sealed class LinuxPersonality
{
    /// <summary>"LINUX" or "LINUX32".</summary>
    [JsonPropertyName("domain")]
    public string Domain { get; set; } = "";

    /// <summary>No flags are defined by the spec yet.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }
}
