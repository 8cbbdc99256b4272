using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Todo.Api.Todos;

/// <summary>
/// The escaping of the todos' JSON: text goes out as the UTF-8 it came in as, so that a title in any script reads
/// as written and costs its UTF-8 bytes, not six per character (<see cref="JavaScriptEncoder.Default"/> escapes
/// every non-ASCII character, and even <c>UnicodeRanges.All</c> escapes every one outside the BMP, emoji included).
/// What is unsafe where JSON may end up in a page or a script is still escaped, exactly as the default does it:
/// controls, <c>&lt; &gt; &amp; ' " + ` \</c>, DEL and C1 controls, the JavaScript line terminators U+2028 and
/// U+2029, and a lone surrogate (as the replacement character, escaped).
/// </summary>
internal sealed class HtmlSafeJsonEncoder : JavaScriptEncoder
{
    public static readonly HtmlSafeJsonEncoder Instance = new();

    /// <summary>Every UTF-16 code unit that may need escaping; a surrogate needs it only when it is not part of a pair.</summary>
    private static readonly SearchValues<char> Flagged = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. "\"&'+<>\\`", .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
         '\u2028', '\u2029', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    /// <summary>The ASCII bytes to escape, and every non-ASCII byte, whose character is then decoded and judged.</summary>
    private static readonly SearchValues<byte> FlaggedUtf8 = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), .. "\"&'+<>\\`"u8, .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    private HtmlSafeJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Default.MaxOutputCharactersPerInputCharacter;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '&' or '\'' or '+' or '<' or '>' or '\\' or '`' or (>= 0x7F and <= 0x9F)
            or 0x2028 or 0x2029 or (>= 0xD800 and <= 0xDFFF)
        // A lone surrogate is written as the replacement character; escaped, as the default does it.
        || unicodeScalar == 0xFFFD;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        FirstToEscape(new ReadOnlySpan<char>(text, textLength));

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var offset = 0;
        while (utf8Text[offset..].IndexOfAny(FlaggedUtf8) is var found and >= 0)
        {
            var at = offset + found;
            if (utf8Text[at] < 0x80 || Rune.DecodeFromUtf8(utf8Text[at..], out var rune, out var length) is not OperationStatus.Done
                || WillEncode(rune.Value))
            {
                return at;
            }

            offset = at + length;
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Default.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static int FirstToEscape(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (text[offset..].IndexOfAny(Flagged) is var found and >= 0)
        {
            var at = offset + found;
            if (!char.IsHighSurrogate(text[at]) || at + 1 == text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return at;
            }

            offset = at + 2;
        }

        return -1;
    }
}
