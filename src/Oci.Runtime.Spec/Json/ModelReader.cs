using System.Text.Json;

namespace Oci.Runtime.Spec.Json;

/// <summary>Reads one value of a model type; the reader stands on the value's first token.</summary>
internal delegate T ReadAt<T>(ModelReader m, ref Utf8JsonReader r);

/// <summary>
/// The typed reads <see cref="SpecReader"/> is written with: a Utf8JsonReader walked by hand,
/// with the JSON path kept on the side for error messages. It holds the rules the
/// source-generated serializer held before (strict JSON, exact names, unknown names skipped,
/// null only where the model allows it), plus the two it could not: no null list entry or map
/// value, and no NUL byte in a string the kernel will read. Hand-written because configuring
/// the serializer's metadata for the spec model, on every call, cost more than a whole `state`.
/// Every error is a <see cref="JsonException"/> whose message <see cref="JsonErrors"/> prints as is.
/// </summary>
internal sealed class ModelReader(byte[] json)
{
    private readonly List<(string? Name, int Index, bool IsKey)> _path = [];

    /// <summary>Annotations may hold NUL bytes and null values: they never reach the kernel, only `state`.</summary>
    public bool InAnnotations { get; set; }

    // --- positioning -------------------------------------------------------------------------

    /// <summary>Moves to the next token; a syntax error is given the path it happened at.</summary>
    public void Advance(ref Utf8JsonReader r)
    {
        try
        {
            if (!r.Read())
                throw Fail(ref r, "unexpected end of the document", withLine: true);
        }
        catch (JsonException e) when (e.Path is null)
        {
            throw new JsonException(e.Message, PathText(), e.LineNumber, e.BytePositionInLine, e);
        }
    }

    /// <summary>After the top-level value, only whitespace may follow.</summary>
    public void End(ref Utf8JsonReader r)
    {
        try
        {
            if (r.Read())
                throw Fail(ref r, "more than one JSON value in the document", withLine: true);
        }
        catch (JsonException e) when (e.Path is null)
        {
            throw new JsonException(e.Message, "$", e.LineNumber, e.BytePositionInLine, e);
        }
    }

    /// <summary>For an object's members: false at its end, true on a property name (matched by the caller).</summary>
    public bool NextProperty(ref Utf8JsonReader r)
    {
        Advance(ref r);
        return r.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Skips the value of a property nobody reads (the spec says to ignore unknown ones).</summary>
    public void Skip(ref Utf8JsonReader r)
    {
        try
        {
            r.Skip();
        }
        catch (JsonException e) when (e.Path is null)
        {
            throw new JsonException(e.Message, PathText(), e.LineNumber, e.BytePositionInLine, e);
        }
    }

    /// <summary>Checks that the value is an object (null: false, for the caller's null rule).</summary>
    public bool BeginObject(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
            return false;
        if (r.TokenType != JsonTokenType.StartObject)
            throw Fail(ref r, "expected an object", withLine: true);
        return true;
    }

    // --- properties ----------------------------------------------------------------------------

    /// <summary>The property's value read with <paramref name="read"/>, under its name in the path.</summary>
    public T Property<T>(ref Utf8JsonReader r, string name, ReadAt<T> read)
    {
        _path.Add((name, -1, false));
        Advance(ref r);
        var value = read(this, ref r);
        _path.RemoveAt(_path.Count - 1);
        return value;
    }

    public string String(ref Utf8JsonReader r, string name) => Property(ref r, name, RequiredStringAt);

    public string? StringOrNull(ref Utf8JsonReader r, string name) => Property(ref r, name, StringOrNullAt);

    public bool Bool(ref Utf8JsonReader r, string name) => Property<bool>(ref r, name, static (m, ref r) =>
        m.BoolOrNullAt(ref r, nullable: false) ?? false);

    public bool? BoolOrNull(ref Utf8JsonReader r, string name) => Property<bool?>(ref r, name, static (m, ref r) =>
        m.BoolOrNullAt(ref r, nullable: true));

    /// <summary>A non-nullable object: absent means the model's default, null is an error.</summary>
    public T Object<T>(ref Utf8JsonReader r, string name, ReadAt<T?> read) where T : class =>
        Property(ref r, name, (m, ref r) => read(m, ref r) ?? throw m.Fail(ref r, "must not be null", withLine: true));

    public List<T>? List<T>(ref Utf8JsonReader r, string name, ReadAt<T> item) where T : class =>
        Property(ref r, name, (m, ref r) => m.ListOf(ref r, item));

    public List<T>? NumberList<T>(ref Utf8JsonReader r, string name, Number<T> number) where T : struct =>
        Property(ref r, name, (m, ref r) => m.ListOf(ref r, (m, ref r) => m.NumberAt(ref r, number)));

    public List<string>? Strings(ref Utf8JsonReader r, string name) => List(ref r, name, RequiredStringAt);

    public Dictionary<string, T>? Map<T>(ref Utf8JsonReader r, string name, ReadAt<T?> value) where T : class =>
        Property(ref r, name, (m, ref r) => m.MapAt(ref r, value));

    public T Number<T>(ref Utf8JsonReader r, string name, Number<T> number) where T : struct =>
        Property(ref r, name, (m, ref r) => m.NumberAt(ref r, number));

    public T? NumberOrNull<T>(ref Utf8JsonReader r, string name, Number<T> number) where T : struct =>
        Property<T?>(ref r, name, (m, ref r) => r.TokenType == JsonTokenType.Null ? null : m.NumberAt(ref r, number));

    // --- values --------------------------------------------------------------------------------

    public static readonly ReadAt<string> RequiredStringAt = static (m, ref r) =>
        m.ReadStringOrNull(ref r) ?? throw m.Fail(ref r, "must not be null", withLine: true);

    public static readonly ReadAt<string?> StringOrNullAt = static (m, ref r) => m.ReadStringOrNull(ref r);

    private string? ReadStringOrNull(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
            return null;
        if (r.TokenType != JsonTokenType.String)
            throw Fail(ref r, "expected a string", withLine: true);
        string text;
        try
        {
            text = r.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw Fail(ref r, e.Message, withLine: true);
        }
        // The kernel reads these as C strings and would act on the part before the NUL.
        if (!InAnnotations && text.Contains('\0'))
            throw Fail(ref r, "contains a NUL byte", withLine: false);
        return text;
    }

    private bool? BoolOrNullAt(ref Utf8JsonReader r, bool nullable) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null when nullable => null,
        _ => throw Fail(ref r, "expected true or false", withLine: true),
    };

    private T NumberAt<T>(ref Utf8JsonReader r, Number<T> number) where T : struct =>
        r.TokenType == JsonTokenType.Number && number.TryGet(ref r, out var value)
            ? value
            : throw Fail(ref r, "expected " + number.Expected, withLine: true);

    public List<T>? ListOf<T>(ref Utf8JsonReader r, ReadAt<T> item)
    {
        if (r.TokenType == JsonTokenType.Null)
            return null;
        if (r.TokenType != JsonTokenType.StartArray)
            throw Fail(ref r, "expected an array", withLine: true);
        var list = new List<T>();
        for (Advance(ref r); r.TokenType != JsonTokenType.EndArray; Advance(ref r))
        {
            _path.Add((null, list.Count, false));
            if (r.TokenType == JsonTokenType.Null)
                throw Fail(ref r, "must not be null", withLine: false);
            list.Add(item(this, ref r));
            _path.RemoveAt(_path.Count - 1);
        }
        return list;
    }

    private Dictionary<string, T>? MapAt<T>(ref Utf8JsonReader r, ReadAt<T?> value) where T : class
    {
        if (!BeginObject(ref r))
            return null;
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (NextProperty(ref r))
        {
            var key = r.GetString()!;
            _path.Add((key, -1, true));
            if (!InAnnotations && key.Contains('\0'))
                throw Fail(ref r, "key contains a NUL byte", withLine: false);
            Advance(ref r);
            if (r.TokenType == JsonTokenType.Null && !InAnnotations)
                throw Fail(ref r, "must not be null", withLine: false);
            map[key] = value(this, ref r)!;
            _path.RemoveAt(_path.Count - 1);
        }
        return map;
    }

    // --- errors --------------------------------------------------------------------------------

    /// <summary>An error at the current token; the line is given where the serializer gave one before.</summary>
    public JsonException Fail(ref Utf8JsonReader r, string what, bool withLine)
    {
        if (!withLine)
            return new JsonException(what, PathText(), null, null);
        var at = (int)Math.Min(r.TokenStartIndex, json.Length);
        var line = json.AsSpan(0, at).Count((byte)'\n');
        var lineStart = json.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
        return new JsonException(what, PathText(), line, at - lineStart);
    }

    // "$.linux.namespaces[0].type", the shape JsonErrors turns into "linux.namespaces[0].type".
    private string PathText()
    {
        var path = "";
        foreach (var (name, index, isKey) in _path)
            path = name is null ? SpecPath.Index(path, index)
                : isKey ? SpecPath.Key(path, name.Replace("\0", "\\0"))
                : SpecPath.Member(path, name);
        return path.Length == 0 ? "$" : path.StartsWith('[') ? "$" + path : "$." + path;
    }
}

/// <summary>How one number type is read, and what the error says it should have been.</summary>
internal sealed class Number<T>(Number<T>.TryGetValue tryGet, string expected) where T : struct
{
    public delegate bool TryGetValue(ref Utf8JsonReader r, out T value);

    public string Expected { get; } = expected;

    public bool TryGet(ref Utf8JsonReader r, out T value) => tryGet(ref r, out value);
}

/// <summary>The number types of the spec model, with the serializer's former wording.</summary>
internal static class Numbers
{
    public static readonly Number<int> Int32 = new(static (ref r, out v) => r.TryGetInt32(out v), "a 32-bit integer");
    public static readonly Number<long> Int64 = new(static (ref r, out v) => r.TryGetInt64(out v), "a 64-bit integer");
    public static readonly Number<ushort> UInt16 = new(static (ref r, out v) => r.TryGetUInt16(out v), "an unsigned 16-bit integer");
    public static readonly Number<uint> UInt32 = new(static (ref r, out v) => r.TryGetUInt32(out v), "an unsigned 32-bit integer");
    public static readonly Number<ulong> UInt64 = new(static (ref r, out v) => r.TryGetUInt64(out v), "an unsigned 64-bit integer");
}
