using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Reads a quantity only when it is inside <see cref="QuantityGrammar"/>, so that decoding an object costs time in
/// proportion to its size; anything else fails as a <see cref="JsonException"/>, which names the field.
/// </summary>
internal sealed class BoundedQuantityConverter : JsonConverter<ResourceQuantity>
{
    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.Null => null,
            // The number as written: read as a double, 1e999999999 would become infinity.
            JsonTokenType.Number => reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException($"a quantity must be a string or a number, not {reader.TokenType}"),
        };
        if (text is null)
        {
            return null;
        }

        if (!QuantityGrammar.IsValid(text))
        {
            var shown = text.Length <= QuantityGrammar.MaxLength ? text : $"{text[..QuantityGrammar.MaxLength]}...";
            throw new JsonException(
                $"'{shown}' is not a quantity the operator reads: a number with an optional suffix (Ki, Mi, ..., m, k, M, ...) "
                + $"or an integer exponent of at most two digits (e.g. 1e9), at most {QuantityGrammar.MaxLength} characters");
        }

        return new ResourceQuantity(text);
    }

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
