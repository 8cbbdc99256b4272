using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// Parses request bodies as JSON text in the strict sense (RFC 8259 with the I-JSON rules of RFC 7493): member
/// names are unique in every object, and no string or name holds an unpaired surrogate escape such as
/// <c>"\ud800"</c>, which <see cref="JsonDocument"/> alone accepts and only fails on when the value is read.
/// </summary>
internal static class StrictJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    /// <exception cref="JsonException">The text is not strict JSON.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        // Only a \u escape can spell a lone surrogate; most bodies have none and skip the second pass.
        if (utf8.Span.IndexOf(@"\u"u8) >= 0)
        {
            RejectUnpairedSurrogates(utf8.Span);
        }

        return JsonDocument.Parse(utf8, DocumentOptions);
    }

    private static void RejectUnpairedSurrogates(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            // Raw UTF-8 is validated by the reader itself; only escapes can spell a lone surrogate.
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new JsonException($"The string at byte {reader.TokenStartIndex} holds an unpaired UTF-16 surrogate escape.");
                }
            }
        }
    }
}
