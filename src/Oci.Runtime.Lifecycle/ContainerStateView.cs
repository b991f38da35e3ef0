using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// The state document as `state` and `list --format json` print it: the OCI state
/// plus runc's extra fields (rootfs, created, owner), in runc's field order, because
/// go-runc and the engines parse exactly this.
/// </summary>
public sealed class ContainerStateView
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = "";
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("pid")] public int Pid { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("bundle")] public string Bundle { get; init; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; init; } = "";
    [JsonPropertyName("created")] public string Created { get; init; } = "";
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("owner")] public string Owner { get; init; } = "";

    /// <summary>runc reports pid 0 for a stopped container: its pid may already belong to someone else.</summary>
    public static ContainerStateView From(ContainerRecord record, ContainerStatus status, string owner) => new()
    {
        OciVersion = record.OciVersion,
        Id = record.Id,
        Pid = status == ContainerStatus.Stopped ? 0 : record.Pid,
        Status = status.ToWord(),
        Bundle = record.Bundle,
        Rootfs = record.Rootfs,
        Created = record.Created,
        Annotations = record.Annotations is { Count: > 0 } ? record.Annotations : null,
        Owner = owner,
    };

    /// <summary>`state`: indented by two spaces like runc's json.MarshalIndent.</summary>
    public string ToIndentedJson() => JsonSerializer.Serialize(this, Indented.ContainerStateView);

    /// <summary>`list --format json`: one compact line.</summary>
    public static string ToJsonArray(List<ContainerStateView> views) =>
        JsonSerializer.Serialize(views, Compact.ListContainerStateView);

    // Paths and annotations print as Go prints them: '+', '\'' and '"' stay readable.
    private static LifecycleJsonContext Indented => _indented ??= new(Options(indented: true));
    private static LifecycleJsonContext Compact => _compact ??= new(Options(indented: false));
    private static LifecycleJsonContext? _indented, _compact;

    private static JsonSerializerOptions Options(bool indented) => new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
        IndentSize = 2,
    };
}
