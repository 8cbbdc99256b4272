using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// The whole collection as one plain JSON array, written chunk by chunk as the store reads it, so that neither Redis
/// nor this process ever holds all of it at once. The first chunk is read before the response starts, so a Redis
/// failure still gets its problem response. A failure after that can only cut the response short: the connection
/// is aborted, so that the client sees a broken response rather than a shorter array that looks complete.
/// </summary>
internal sealed partial class TodoArrayStream : IResult
{
    private readonly IAsyncEnumerator<IReadOnlyList<TodoItem>> _chunks;
    private readonly TodoLinks _links;

    private TodoArrayStream(IAsyncEnumerator<IReadOnlyList<TodoItem>> chunks, TodoLinks links)
    {
        _chunks = chunks;
        _links = links;
    }

    public static async Task<IResult> StartAsync(IAsyncEnumerable<IReadOnlyList<TodoItem>> chunks, TodoLinks links, CancellationToken cancellationToken)
    {
        var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            await enumerator.MoveNextAsync();
            return new TodoArrayStream(enumerator, links);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    /// <summary>A page: one chunk, already read.</summary>
    public static Task<IResult> OfAsync(IReadOnlyList<TodoItem> items, TodoLinks links) => StartAsync(OneChunk(items), links, CancellationToken.None);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var chunks = _chunks;
        var prefix = _links.ItemUrlPrefix(httpContext.Request);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";

        await using var writer = new Utf8JsonWriter(response.BodyWriter, TodoJson.WriterOptions);
        writer.WriteStartArray();
        do
        {
            foreach (var item in chunks.Current)
            {
                TodoJson.Write(writer, item, prefix);
            }

            writer.Flush();
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
        while (await NextChunkAsync(chunks, httpContext));

        writer.WriteEndArray();
    }

#pragma warning disable CS1998 // an async iterator without awaits: the page was read before
    private static async IAsyncEnumerable<IReadOnlyList<TodoItem>> OneChunk(IReadOnlyList<TodoItem> items)
    {
        yield return items;
    }
#pragma warning restore CS1998

    private static async Task<bool> NextChunkAsync(IAsyncEnumerator<IReadOnlyList<TodoItem>> chunks, HttpContext httpContext)
    {
        try
        {
            return await chunks.MoveNextAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCutShort(httpContext.RequestServices.GetRequiredService<ILogger<TodoArrayStream>>(), e.GetType().Name, e.Message);
            httpContext.Abort();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The collection response was cut short ({ExceptionType}): {Reason}")]
    private static partial void LogCutShort(ILogger logger, string exceptionType, string reason);
}
