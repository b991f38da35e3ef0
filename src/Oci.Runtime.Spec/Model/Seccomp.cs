using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>linux.seccomp; the names are libseccomp's (SCMP_ACT_*, SCMP_ARCH_*, SCMP_CMP_*).</summary>
public sealed class LinuxSeccomp
{
    [JsonPropertyName("defaultAction")]
    public string DefaultAction { get; set; } = "";

    [JsonPropertyName("defaultErrnoRet")]
    public ulong? DefaultErrnoRet { get; set; }

    [JsonPropertyName("architectures")]
    public List<string>? Architectures { get; set; }

    /// <summary>SECCOMP_FILTER_FLAG_* names passed to seccomp(2).</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>Unix socket that receives the notify fd when an action is SCMP_ACT_NOTIFY.</summary>
    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; set; }

    [JsonPropertyName("listenerMetadata")]
    public string? ListenerMetadata { get; set; }

    [JsonPropertyName("syscalls")]
    public List<LinuxSyscall>? Syscalls { get; set; }
}

public sealed class LinuxSyscall
{
    [JsonPropertyName("names")]
    public List<string> Names { get; set; } = [];

    [JsonPropertyName("action")]
    public string Action { get; set; } = "";

    [JsonPropertyName("errnoRet")]
    public ulong? ErrnoRet { get; set; }

    [JsonPropertyName("args")]
    public List<LinuxSeccompArg>? Args { get; set; }
}

public sealed class LinuxSeccompArg
{
    /// <summary>Syscall argument number, 0 to 5.</summary>
    [JsonPropertyName("index")]
    public ulong Index { get; set; }

    [JsonPropertyName("value")]
    public ulong Value { get; set; }

    /// <summary>Second operand, used by SCMP_CMP_MASKED_EQ.</summary>
    [JsonPropertyName("valueTwo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ValueTwo { get; set; }

    [JsonPropertyName("op")]
    public string Op { get; set; } = "";
}
