using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// A part of state.json typed by the spec model (hooks, resources), kept as its JSON text until
/// a verb asks for it. Reading it through the spec's serializer context configures metadata
/// for its whole type graph, which costs more than `state` or `kill` take altogether; most
/// verbs never look at these parts, so they only pass the text through.
/// </summary>
internal struct LazyJson<T> where T : class
{
    // Resolved only when needed: creating the type info is the cost being put off.
    private readonly Func<JsonTypeInfo<T>> _type;
    private T? _value;
    private byte[]? _json;

    public LazyJson(Func<JsonTypeInfo<T>> type, byte[]? json)
    {
        _type = type;
        _json = json;
    }

    public LazyJson(Func<JsonTypeInfo<T>> type, T? value)
    {
        _type = type;
        _value = value;
    }

    public T? Value
    {
        get
        {
            if (_json is { } json)
            {
                _value = JsonSerializer.Deserialize(json, _type());
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
            JsonSerializer.Serialize(writer, _value!, _type());
    }
}
