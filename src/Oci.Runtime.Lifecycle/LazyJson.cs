using System.Text.Json;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// A part of state.json typed by the spec model (hooks, resources), kept as its JSON text until
/// a verb asks for it: most verbs never look at these parts, so they only pass the text through.
/// </summary>
internal struct LazyJson<T> where T : class
{
    private readonly SpecPart<T> _part;
    private T? _value;
    private byte[]? _json;

    public LazyJson(SpecPart<T> part, byte[]? json)
    {
        _part = part;
        _json = json;
    }

    public LazyJson(SpecPart<T> part, T? value)
    {
        _part = part;
        _value = value;
    }

    public T? Value
    {
        get
        {
            if (_json is { } json)
            {
                _value = _part.Read(json);
                _json = null;
            }
            return _value;
        }
    }

    public readonly bool IsNull => _json is null && _value is null;

    /// <summary>Writes the value (not null: see <see cref="IsNull"/>): the text it was read from if nobody asked for it since.</summary>
    public readonly void WriteTo(Utf8JsonWriter writer)
    {
        if (_json is { } json)
            writer.WriteRawValue(json, skipInputValidation: true);
        else
            _part.Write(writer, _value!);
    }
}

/// <summary>How one such part is read and written.</summary>
internal sealed record SpecPart<T>(Func<byte[], T?> Read, Action<Utf8JsonWriter, T> Write) where T : class;
