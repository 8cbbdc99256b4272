using System.Buffers;
using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// Reads a write's body as one strict JSON object (see <see cref="StrictJson"/>), enforcing content type (415) and
/// size (413) before parsing. The body is parsed where the server received it, without copying it into a stream.
/// </summary>
internal static class TodoRequestReader
{
    /// <summary>Reads the body and hands its object to <paramref name="parse"/>, which must not keep the element.</summary>
    public static async Task<T> ReadObjectAsync<T>(HttpRequest request, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON with Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > TodoLimits.MaxBodyBytes)
        {
            throw TooLarge();
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var body = read.Buffer;
            if (body.Length > TodoLimits.MaxBodyBytes)
            {
                reader.AdvanceTo(body.End);
                throw TooLarge();
            }

            if (read.IsCompleted)
            {
                try
                {
                    return Parse(body.IsSingleSegment ? body.First : body.ToArray(), parse);
                }
                finally
                {
                    reader.AdvanceTo(body.End);
                }
            }

            // Nothing consumed yet: the next read returns the whole body so far.
            reader.AdvanceTo(body.Start, body.End);
        }
    }

    private static T Parse<T>(ReadOnlyMemory<byte> utf8, Func<JsonElement, T> parse)
    {
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            return document.RootElement.ValueKind is JsonValueKind.Object
                ? parse(document.RootElement)
                : throw new BadHttpRequestException("The body must be a JSON object.", StatusCodes.Status400BadRequest);
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The body is larger than {TodoLimits.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
