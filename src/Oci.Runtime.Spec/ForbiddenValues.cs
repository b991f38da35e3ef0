using System.Collections;
using System.Text.Json.Serialization.Metadata;

namespace Oci.Runtime.Spec;

/// <summary>
/// Finds what no field of the spec may hold, before any code acts on it:
/// <list type="bullet">
/// <item>null list entries and map values ("args": [null], "sysctl": {"a": null}): System.Text.Json
/// enforces nullable annotations on properties but not on elements, and the spec allows none;</item>
/// <item>a NUL byte in a string or map key: the kernel takes these strings as C strings and would
/// act on the part before the NUL, a different path or name than the config gives.</item>
/// </list>
/// Annotations are exempt from the second rule: they are only ever handed back in `state`.
/// Walks the source-generated metadata, so it needs no reflection.
/// </summary>
internal static class ForbiddenValues
{
    private const string Annotations = "annotations";

    /// <summary>"path: problem" for the first forbidden value under <paramref name="value"/>, or null if there is none.</summary>
    public static string? Find(object value, JsonTypeInfo info, string path)
    {
        if (value is string text)
            return text.Contains('\0') ? $"{path}: contains a NUL byte" : null;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    if (path.Length == 0 && property.Name == Annotations)
                        continue;
                    if (property.Get?.Invoke(value) is { } child &&
                        Find(child, info.Options.GetTypeInfo(property.PropertyType), SpecPath.Member(path, property.Name)) is { } found)
                        return found;
                }
                return null;
            case JsonTypeInfoKind.Dictionary:
                var valueInfo = info.Options.GetTypeInfo(info.ElementType!);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    var key = (string)entry.Key;
                    var at = SpecPath.Key(path, key.Replace("\0", "\\0"));
                    if (key.Contains('\0'))
                        return $"{at}: key contains a NUL byte";
                    if (entry.Value is null)
                        return $"{at}: must not be null";
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
                        return $"{at}: must not be null";
                    if (Find(element, elementInfo, at) is { } found)
                        return found;
                }
                return null;
            default:
                return null;
        }
    }
}
