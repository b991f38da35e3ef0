using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oci.Runtime.Spec;

/// <summary>Writes spec documents the way runc does (Go's json.MarshalIndent with a tab).</summary>
public static class SpecWriter
{
    // Relaxed escaping because Go writes '+', '\'' and non-ASCII text as is; this is a
    // file for people and runtimes, never embedded in HTML.
    private static readonly SpecJsonContext Indented = new(new JsonSerializerOptions(SpecJsonContext.Default.Options)
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(Spec spec) => JsonSerializer.Serialize(spec, Indented.Spec);

    public static string Serialize(State state) => JsonSerializer.Serialize(state, Indented.State);

    public static string Serialize(Features features) => JsonSerializer.Serialize(features, Indented.Features);
}
