using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oci.Runtime.Spec;

/// <summary>
/// Turns a reading error into "linux.namespaces[0].type: expected a string (line 12)". The
/// JSON path and line come from the exception's properties. The spec readers' own messages
/// are already in these words; a syntax error is Utf8JsonReader's, in stable English, of
/// which two are put in runc's terms and the rest lose their position suffix.
/// </summary>
public static partial class JsonErrors
{
    public static string Describe(JsonException e)
    {
        var path = Simplify(e.Path);
        var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
        var what = WhatWentWrong(e.Message);
        return path.Length == 0 ? $"{what}{line}" : $"{path}: {what}{line}";
    }

    // "$.linux.namespaces[0].type" -> "linux.namespaces[0].type"; "$['a.b']" keeps its brackets.
    private static string Simplify(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
    }

    private static string WhatWentWrong(string message)
    {
        if (message.Contains("trailing comma", StringComparison.Ordinal))
            return "trailing commas are not allowed in JSON";
        // runc: "exceeded max depth" (Go's decoder stops at 10000); ours is the reader's 64.
        var depth = DepthRegex().Match(message);
        if (depth.Success)
            return $"nested more than {depth.Groups["max"].Value} levels deep, more than any config.json needs";
        return StripLocation(message);
    }

    // Reader errors end in " LineNumber: 3 | BytePositionInLine: 2."; the line is printed our way.
    private static string StripLocation(string message)
    {
        var cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        var text = (cut < 0 ? message : message[..cut]).TrimEnd();
        return text.Length > 0 ? text : message;
    }

    [GeneratedRegex(@"maximum configured depth of (?<max>\d+) has been exceeded")]
    private static partial Regex DepthRegex();
}
