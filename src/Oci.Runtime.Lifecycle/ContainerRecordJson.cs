using System.Buffers;
using System.Text.Json;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// state.json, read and written by hand. Every verb reads it, `state` on every engine poll; a
/// serializer context would configure metadata for each type on each run, which cost more than
/// the rest of `state`. The spec-typed parts (hooks, resources) stay JSON text until asked for.
/// Unknown properties are skipped, so a newer ocirt's file still reads.
/// </summary>
public static class ContainerRecordJson
{
    public static byte[] Write(ContainerRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        // GoJsonEncoder: the default encoder builds its allow-lists in a static constructor, 4 % of `run`.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GoJsonEncoder.Instance }))
        {
            w.WriteStartObject();
            w.WriteString("ociVersion", record.OciVersion);
            w.WriteString("id", record.Id);
            w.WriteString("status", record.Status);
            w.WriteNumber("pid", record.Pid);
            w.WriteNumber("pidStartTime", record.PidStartTime);
            w.WriteString("bundle", record.Bundle);
            w.WriteString("rootfs", record.Rootfs);
            w.WriteString("created", record.Created);
            JsonFields.StringMap(w, "annotations", record.Annotations);
            JsonFields.String(w, "cgroupsPath", record.CgroupsPath);
            w.WriteBoolean("systemdCgroup", record.SystemdCgroup);
            if (record.NoCgroup)
                w.WriteBoolean("noCgroup", true);
            JsonFields.Strings(w, "cgroupDirectories", record.CgroupDirectories);
            if (!record.ResourcesJson.IsNull)
            {
                w.WritePropertyName("resources");
                record.ResourcesJson.WriteTo(w);
            }
            if (!record.HooksJson.IsNull)
            {
                w.WritePropertyName("hooks");
                record.HooksJson.WriteTo(w);
            }
            JsonFields.Strings(w, "namespaces", record.Namespaces);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="JsonException">The text is not a state document.</exception>
    public static ContainerRecord Read(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        var record = new ContainerRecord();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "ociVersion": record.OciVersion = String(ref reader); break;
                case "id": record.Id = String(ref reader); break;
                case "status": record.Status = String(ref reader); break;
                case "pid": record.Pid = Of(ref reader, JsonTokenType.Number).GetInt32(); break;
                case "pidStartTime": record.PidStartTime = Of(ref reader, JsonTokenType.Number).GetUInt64(); break;
                case "bundle": record.Bundle = String(ref reader); break;
                case "rootfs": record.Rootfs = String(ref reader); break;
                case "created": record.Created = String(ref reader); break;
                case "annotations": record.Annotations = StringMap(ref reader); break;
                case "cgroupsPath": record.CgroupsPath = reader.TokenType == JsonTokenType.Null ? null : String(ref reader); break;
                case "systemdCgroup": record.SystemdCgroup = Boolean(ref reader); break;
                case "noCgroup": record.NoCgroup = Boolean(ref reader); break;
                case "cgroupDirectories": record.CgroupDirectories = Strings(ref reader); break;
                case "resources": record.ResourcesJson = new(ContainerRecord.ResourcesType, Raw(ref reader, json)); break;
                case "hooks": record.HooksJson = new(ContainerRecord.HooksType, Raw(ref reader, json)); break;
                case "namespaces": record.Namespaces = Strings(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        Expect(ref reader, JsonTokenType.EndObject);
        return record;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType == JsonTokenType.None)
            reader.Read();
        if (reader.TokenType != type)
            throw new JsonException($"expected {type}, found {reader.TokenType} at byte {reader.TokenStartIndex}");
    }

    private static string String(ref Utf8JsonReader reader) => Of(ref reader, JsonTokenType.String).GetString()!;

    private static bool Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"expected true or false, found {reader.TokenType} at byte {reader.TokenStartIndex}"),
    };

    /// <summary>The reader, if it is on a token of the type (its Get methods would throw InvalidOperationException).</summary>
    private static ref Utf8JsonReader Of(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
            throw new JsonException($"expected {type}, found {reader.TokenType} at byte {reader.TokenStartIndex}");
        return ref reader;
    }

    private static List<string>? Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(String(ref reader));
        return values;
    }

    private static Dictionary<string, string>? StringMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = String(ref reader);
        }
        return map;
    }

    /// <summary>The JSON text of the value the reader is on (null for a JSON null), skipping past it.</summary>
    private static byte[]? Raw(ref Utf8JsonReader reader, byte[] json)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return json[start..(int)reader.BytesConsumed];
    }
}
