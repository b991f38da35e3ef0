using System.Text.Json;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// The optional fields every hand writer of ocirt's documents writes: a null is left out
/// (Go's omitempty of a pointer, slice or map), and <c>NonZero</c> leaves out a zero (Go's
/// omitempty of a number).
/// </summary>
public static class JsonFields
{
    public static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    public static void Bool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } flag)
            w.WriteBoolean(name, flag);
    }

    public static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } number)
            w.WriteNumber(name, number);
    }

    public static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } number)
            w.WriteNumber(name, number);
    }

    public static void Number(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is { } number)
            w.WriteNumber(name, number);
    }

    public static void Number(Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is { } number)
            w.WriteNumber(name, number);
    }

    public static void NonZero(Utf8JsonWriter w, string name, long value)
    {
        if (value != 0)
            w.WriteNumber(name, value);
    }

    public static void NonZero(Utf8JsonWriter w, string name, ulong value)
    {
        if (value != 0)
            w.WriteNumber(name, value);
    }

    public static void Strings(Utf8JsonWriter w, string name, List<string>? values)
    {
        if (values is null)
            return;
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }

    public static void Numbers(Utf8JsonWriter w, string name, List<uint>? values)
    {
        if (values is null)
            return;
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteNumberValue(value);
        w.WriteEndArray();
    }

    public static void Numbers(Utf8JsonWriter w, string name, List<ulong>? values)
    {
        if (values is null)
            return;
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteNumberValue(value);
        w.WriteEndArray();
    }

    public static void StringMap(Utf8JsonWriter w, string name, Dictionary<string, string>? map)
    {
        if (map is null)
            return;
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
            w.WriteString(key, value);
        w.WriteEndObject();
    }
}
