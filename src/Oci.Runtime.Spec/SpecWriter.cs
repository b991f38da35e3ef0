using System.Text.Encodings.Web;
using System.Text.Json;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Spec;

/// <summary>Writes spec documents the way runc does (Go's json.MarshalIndent with a tab).</summary>
public static class SpecWriter
{
    // Relaxed escaping because Go writes '+', '\'' and non-ASCII text as is; this is a
    // file for people and runtimes, never embedded in HTML.
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Spec spec) => Documents.ToText(w => SpecDocumentWriter.Write(w, spec), Indented);

    public static string Serialize(State state) => Documents.ToText(w => StateDocumentWriter.Write(w, state), Indented);

    public static string Serialize(Features features) => Documents.ToText(w => FeaturesWriter.Write(w, features), Indented);
}
