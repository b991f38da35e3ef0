using System.Globalization;
using System.Text.Encodings.Web;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// Escapes JSON strings as Go's encoding/json does, so `state`, `list` and JSON logs print what runc
/// prints: quote, backslash and control characters, HTML's &lt; &gt; &amp; as \u003c \u003e
/// \u0026, and U+2028/U+2029; everything else (non-ASCII text, '+', apostrophes) as it is.
/// The framework's encoders build their allow-lists in a static constructor, a cost paid on
/// every `state`; this one has nothing to build.
/// </summary>
public sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    // "\u2028" is the longest escape.
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
                return i;
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        for (var i = 0; i < utf8Text.Length; i++)
        {
            var b = utf8Text[i];
            if (b < 0x20 || b is (byte)'"' or (byte)'\\' or (byte)'<' or (byte)'>' or (byte)'&')
                return i;
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            if (b == 0xE2 && i + 2 < utf8Text.Length && utf8Text[i + 1] == 0x80 && utf8Text[i + 2] is 0xA8 or 0xA9)
                return i;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var text = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when WillEncode(unicodeScalar) => "\\u" + unicodeScalar.ToString("x4", CultureInfo.InvariantCulture),
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        if (text.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        text.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = text.Length;
        return true;
    }
}
