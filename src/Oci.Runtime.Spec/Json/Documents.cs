using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Oci.Runtime.Spec.Json;

/// <summary>A document written with a <see cref="Utf8JsonWriter"/>, as bytes or as text.</summary>
public static class Documents
{
    public static byte[] ToUtf8(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, options))
            write(w);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(Action<Utf8JsonWriter> write, JsonWriterOptions options = default) =>
        Encoding.UTF8.GetString(ToUtf8(write, options));
}
