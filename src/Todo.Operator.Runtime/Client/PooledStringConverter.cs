using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Reads strings, and dictionary keys such as label keys, through a <see cref="StringPool"/>, unescaped into a buffer
/// first so that text already pooled allocates nothing. Anything else fails as the serializer's own string reading does.
/// </summary>
internal sealed class PooledStringConverter(StringPool pool) : JsonConverter<string>
{
    private const int StackBufferLength = 256;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType is JsonTokenType.String ? Pooled(ref reader) : reader.GetString();

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Pooled(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private string Pooled(ref Utf8JsonReader reader)
    {
        // UTF-8 takes at least one byte per UTF-16 unit, and an escape more than one: the encoded length bounds the text's.
        var encodedLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (encodedLength > StringPool.MaxPooledLength * 6L)
        {
            return reader.GetString()!;
        }

        char[]? rented = null;
        var buffer = encodedLength <= StackBufferLength ? stackalloc char[StackBufferLength] : (rented = ArrayPool<char>.Shared.Rent((int)encodedLength));
        try
        {
            return pool.Get(buffer[..reader.CopyString(buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
