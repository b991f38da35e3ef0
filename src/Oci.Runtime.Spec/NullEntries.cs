using System.Collections;
using System.Text.Json.Serialization.Metadata;

namespace Oci.Runtime.Spec;

/// <summary>
/// Finds null list entries and map values ("args": [null], "sysctl": {"a": null}).
/// System.Text.Json enforces nullable annotations on properties but not on elements, and
/// nothing in the spec allows such nulls, so the loader rejects them before any code can
/// trip on them. Walks the source-generated metadata, so it needs no reflection.
/// </summary>
internal static class NullEntries
{
    /// <summary>The JSON path of the first null entry under <paramref name="value"/>, or null if there is none.</summary>
    public static string? Find(object value, JsonTypeInfo info, string path)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    if (property.Get?.Invoke(value) is { } child &&
                        Find(child, info.Options.GetTypeInfo(property.PropertyType), SpecPath.Member(path, property.Name)) is { } found)
                        return found;
                }
                return null;
            case JsonTypeInfoKind.Dictionary:
                var valueInfo = info.Options.GetTypeInfo(info.ElementType!);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    var at = SpecPath.Key(path, (string)entry.Key);
                    if (entry.Value is null)
                        return at;
                    if (Find(entry.Value, valueInfo, at) is { } found)
                        return found;
                }
                return null;
            case JsonTypeInfoKind.Enumerable:
                var elementInfo = info.Options.GetTypeInfo(info.ElementType!);
                var index = 0;
                foreach (var element in (IEnumerable)value)
                {
                    var at = SpecPath.Index(path, index++);
                    if (element is null)
                        return at;
                    if (Find(element, elementInfo, at) is { } found)
                        return found;
                }
                return null;
            default:
                return null;
        }
    }
}
