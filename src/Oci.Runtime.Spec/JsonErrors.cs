using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oci.Runtime.Spec;

/// <summary>
/// Turns System.Text.Json's exception into "linux.namespaces[0].type: expected a string
/// (line 12)". The JSON path and line come from the exception's properties; what was
/// expected is only in the message, which is stable English text in the runtime.
/// </summary>
internal static partial class JsonErrors
{
    public static string Describe(JsonException e)
    {
        var path = Simplify(e.Path);
        var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
        var what = WhatWentWrong(e);
        return path.Length == 0 ? $"{what}{line}" : $"{path}: {what}{line}";
    }

    // "$.linux.namespaces[0].type" -> "linux.namespaces[0].type"; "$['a.b']" keeps its brackets.
    private static string Simplify(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
    }

    private static string WhatWentWrong(JsonException e)
    {
        var conversion = ConversionRegex().Match(e.Message);
        if (conversion.Success)
            return "expected " + Expected(conversion.Groups["type"].Value);
        if (NullRegex().IsMatch(e.Message))
            return "must not be null";
        if (e.Message.Contains("trailing comma", StringComparison.Ordinal))
            return "trailing commas are not allowed in JSON";
        // runc: "exceeded max depth" (Go's decoder stops at 10000); ours is System.Text.Json's 64.
        var depth = DepthRegex().Match(e.Message);
        if (depth.Success)
            return $"nested more than {depth.Groups["max"].Value} levels deep, more than any config.json needs";
        return StripLocation(e.Message);
    }

    private static string Expected(string clrType) => clrType switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" => "a 32-bit integer",
        "System.Int64" => "a 64-bit integer",
        "System.UInt16" => "an unsigned 16-bit integer",
        "System.UInt32" => "an unsigned 32-bit integer",
        "System.UInt64" => "an unsigned 64-bit integer",
        _ when clrType.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
        _ when clrType.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
        _ when clrType.StartsWith("System.Nullable`1[", StringComparison.Ordinal) =>
            Expected(clrType["System.Nullable`1[".Length..].TrimEnd(']')),
        _ => "an object",
    };

    // Reader errors carry " LineNumber: 3 | BytePositionInLine: 2." and serializer errors
    // " Path: $.x | LineNumber: ..."; we print both differently, so cut them off.
    private static string StripLocation(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        var text = (cut < 0 ? message : message[..cut]).TrimEnd();
        return text.Length > 0 ? text : message;
    }

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.?( Path:|$)")]
    private static partial Regex ConversionRegex();

    [GeneratedRegex(@"maximum configured depth of (?<max>\d+) has been exceeded")]
    private static partial Regex DepthRegex();

    [GeneratedRegex(@"doesn't allow (setting|getting) null values|cannot be null|null value")]
    private static partial Regex NullRegex();
}
