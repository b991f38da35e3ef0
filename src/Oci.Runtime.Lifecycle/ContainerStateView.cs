using System.Text.Json;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// The state document as `state` and `list --format json` print it: the OCI state
/// plus runc's extra fields (rootfs, created, owner), in runc's field order, because
/// go-runc and the engines parse exactly this.
/// </summary>
public sealed class ContainerStateView
{
    public string OciVersion { get; init; } = "";
    public string Id { get; init; } = "";
    public int Pid { get; init; }
    public string Status { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string Rootfs { get; init; } = "";
    public string Created { get; init; } = "";
    public Dictionary<string, string>? Annotations { get; init; }
    public string Owner { get; init; } = "";

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
    public string ToIndentedJson() => Write(w => WriteObject(w, this), indented: true);

    /// <summary>`list --format json`: one compact line.</summary>
    public static string ToJsonArray(List<ContainerStateView> views) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var view in views)
            WriteObject(w, view);
        w.WriteEndArray();
    }, indented: false);

    // Written by hand rather than through a serializer context: `state` runs on every engine
    // poll, and building serializer options and metadata costs more than the whole document.
    // GoJsonEncoder escapes strings as runc (Go) does.
    private static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            IndentSize = 2,
            Encoder = GoJsonEncoder.Instance,
        }))
        {
            write(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteObject(Utf8JsonWriter w, ContainerStateView view)
    {
        w.WriteStartObject();
        w.WriteString("ociVersion", view.OciVersion);
        w.WriteString("id", view.Id);
        w.WriteNumber("pid", view.Pid);
        w.WriteString("status", view.Status);
        w.WriteString("bundle", view.Bundle);
        w.WriteString("rootfs", view.Rootfs);
        w.WriteString("created", view.Created);
        if (view.Annotations is { } annotations)
        {
            w.WriteStartObject("annotations");
            foreach (var (key, value) in annotations)
                w.WriteString(key, value);
            w.WriteEndObject();
        }
        w.WriteString("owner", view.Owner);
        w.WriteEndObject();
    }
}
