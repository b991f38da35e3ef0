using System.Text.Json;

namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>Compares two JSON documents value by value and lists the paths where they differ.</summary>
public static class JsonDiff
{
    /// <summary>Differences as "path: detail"; paths in <paramref name="ignored"/> (e.g. "$.ociVersion") are skipped.</summary>
    public static List<string> Compare(JsonElement expected, JsonElement actual, params string[] ignored)
    {
        var differences = new List<string>();
        Walk(expected, actual, "$", differences, ignored.ToHashSet(StringComparer.Ordinal));
        return differences;
    }

    private static void Walk(JsonElement expected, JsonElement actual, string path, List<string> differences, HashSet<string> ignored)
    {
        if (ignored.Contains(path))
            return;
        if (Kind(expected) != Kind(actual))
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var actualProperties = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (var (name, value) in expectedProperties)
                {
                    var child = $"{path}.{name}";
                    if (ignored.Contains(child))
                        continue;
                    if (actualProperties.TryGetValue(name, out var other))
                        Walk(value, other, child, differences, ignored);
                    else
                        differences.Add($"{child}: missing (expected {Show(value)})");
                }
                foreach (var (name, value) in actualProperties)
                {
                    var child = $"{path}.{name}";
                    if (!expectedProperties.ContainsKey(name) && !ignored.Contains(child))
                        differences.Add($"{child}: unexpected {Show(value)}");
                }
                break;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                for (var i = 0; i < Math.Max(expectedItems.Count, actualItems.Count); i++)
                {
                    var child = $"{path}[{i}]";
                    if (i >= actualItems.Count)
                        differences.Add($"{child}: missing (expected {Show(expectedItems[i])})");
                    else if (i >= expectedItems.Count)
                        differences.Add($"{child}: unexpected {Show(actualItems[i])}");
                    else
                        Walk(expectedItems[i], actualItems[i], child, differences, ignored);
                }
                break;
            case JsonValueKind.Number:
                if (expected.GetRawText() != actual.GetRawText() &&
                    !(expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b) && a == b))
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                break;
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString())
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                break;
        }
    }

    // true and false are one kind (a boolean), told apart by value.
    private static JsonValueKind Kind(JsonElement e) => e.ValueKind == JsonValueKind.False ? JsonValueKind.True : e.ValueKind;

    private static string Show(JsonElement e)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(e.GetRawText(), @"\s+", " ");
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
