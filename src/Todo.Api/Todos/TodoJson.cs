using System.Buffers;
using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// Writes todos as the Todo-Backend JSON (<see cref="TodoResponse"/>: id, title, completed, order when set, url)
/// straight into UTF-8, without building a response object or a URL string per todo: every request reads todos,
/// and this is its largest share of the API's own work. The output is what <see cref="JsonSerializer"/> writes for a
/// <see cref="TodoResponse"/> with the web defaults.
/// </summary>
internal static class TodoJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Completed = JsonEncodedText.Encode("completed");
    private static readonly JsonEncodedText Order = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");

    /// <summary>Titles go out as the UTF-8 they were written in (see <see cref="HtmlSafeJsonEncoder"/>).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = HtmlSafeJsonEncoder.Instance };

    public static void Write(Utf8JsonWriter writer, TodoItem item, ReadOnlySpan<byte> itemUrlPrefix)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Id, item.Id);
        writer.WriteString(Title, item.Title);
        writer.WriteBoolean(Completed, item.Completed);
        if (item.Order is { } order)
        {
            writer.WriteNumber(Order, order);
        }

        WriteUrl(writer, item.Id, itemUrlPrefix);
        writer.WriteEndObject();
    }

    private static void WriteUrl(Utf8JsonWriter writer, long id, ReadOnlySpan<byte> itemUrlPrefix)
    {
        // A long has at most 20 digits; the prefix is as long as the request's host, which the client chose.
        var length = itemUrlPrefix.Length + 20;
        byte[]? rented = null;
        var url = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        itemUrlPrefix.CopyTo(url);
        id.TryFormat(url[itemUrlPrefix.Length..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(Url, url[..(itemUrlPrefix.Length + digits)]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
