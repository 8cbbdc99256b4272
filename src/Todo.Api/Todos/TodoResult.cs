using System.Buffers;
using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// One todo as the response body (200, or 201 with its Location), written by <see cref="TodoJson"/> into a buffer
/// kept per thread, so that the response has a Content-Length and a request allocates no JSON buffer of its own.
/// </summary>
internal sealed class TodoResult(TodoItem item, int statusCode, TodoLinks links) : IResult
{
    /// <summary>A todo with the longest title in escapes and a long host name can need several KiB; those are not kept.</summary>
    private const int MaxKeptBytes = 16 * 1024;

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _perThread;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var (buffer, writer) = _perThread ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var prefix = links.ItemUrlPrefix(httpContext.Request);
        TodoJson.Write(writer, item, prefix);
        writer.Flush();

        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status201Created)
        {
            response.Headers.Location = links.Item(httpContext.Request, item.Id);
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        // Copied into the response at once: the buffer is this thread's. Kestrel flushes it when the request ends.
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBytes)
        {
            _perThread = null;
        }

        return Task.CompletedTask;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        return (buffer, new Utf8JsonWriter(buffer, TodoJson.WriterOptions));
    }
}
