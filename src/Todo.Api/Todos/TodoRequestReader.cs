using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// Reads a write's body as one strict JSON object (see <see cref="StrictJson"/>), enforcing content type (415) and
/// size (413) before parsing.
/// </summary>
internal static class TodoRequestReader
{
    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON with Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > TodoLimits.MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > TodoLimits.MaxBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = StrictJson.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            return document.RootElement.ValueKind is JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new BadHttpRequestException("The body must be a JSON object.", StatusCodes.Status400BadRequest);
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The body is larger than {TodoLimits.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
