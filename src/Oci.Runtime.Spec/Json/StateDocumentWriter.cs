using System.Text.Json;
using static Oci.Runtime.Spec.Json.JsonFields;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// The state a hook reads on its stdin, and the container process state a seccomp listener
/// gets with its fd: compact JSON by hand (see <see cref="SpecDocumentWriter"/> for why), in
/// the spec's property order, with the pid left out while it is 0 and nulls left out.
/// </summary>
public static class StateDocumentWriter
{
    public static byte[] ToUtf8(State state) => Documents.ToUtf8(w => Write(w, state));

    public static byte[] ToUtf8(ContainerProcessState document) => Documents.ToUtf8(w =>
    {
        w.WriteStartObject();
        w.WriteString("ociVersion", document.OciVersion);
        Strings(w, "fds", document.Fds);
        w.WriteNumber("pid", document.Pid);
        String(w, "metadata", document.Metadata);
        w.WritePropertyName("state");
        Write(w, document.State);
        w.WriteEndObject();
    });

    public static void Write(Utf8JsonWriter w, State state)
    {
        w.WriteStartObject();
        w.WriteString("ociVersion", state.OciVersion);
        w.WriteString("id", state.Id);
        w.WriteString("status", state.Status);
        if (state.Pid != 0)
            w.WriteNumber("pid", state.Pid);
        w.WriteString("bundle", state.Bundle);
        StringMap(w, "annotations", state.Annotations);
        w.WriteEndObject();
    }
}
