using System.Buffers;
using System.Text.Json;

namespace Todo.Api.Todos;

/// <summary>
/// Validates the fields of a todo body. Unknown fields (such as <c>id</c> or <c>url</c> echoed back by a client)
/// are ignored; known ones must have the right type.
/// </summary>
internal static class TodoInput
{
    /// <summary>C0 and C1 control characters and DEL: a title is one line of text.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray());

    public static NewTodo ParseNew(JsonElement body) =>
        new(
            ReadTitle(body) ?? throw Invalid("'title' is required."),
            ReadCompleted(body) ?? false,
            ReadOrder(body).Order);

    public static TodoChanges ParseChanges(JsonElement body)
    {
        var (present, order) = ReadOrder(body);
        return new TodoChanges(ReadTitle(body), ReadCompleted(body), present, order);
    }

    private static string? ReadTitle(JsonElement body)
    {
        if (!body.TryGetProperty("title", out var value))
        {
            return null;
        }

        if (value.ValueKind is not JsonValueKind.String)
        {
            throw Invalid("'title' must be a string.");
        }

        var title = value.GetString()!.Trim();
        return title switch
        {
            "" => throw Invalid("'title' must not be empty."),
            { Length: > TodoLimits.MaxTitleLength } => throw Invalid($"'title' must be at most {TodoLimits.MaxTitleLength} characters."),
            _ when title.AsSpan().ContainsAny(ControlCharacters) => throw Invalid("'title' must not contain control characters."),
            _ => title,
        };
    }

    private static bool? ReadCompleted(JsonElement body) =>
        !body.TryGetProperty("completed", out var value)
            ? null
            : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid("'completed' must be true or false."),
            };

    private static (bool Present, double? Order) ReadOrder(JsonElement body)
    {
        if (!body.TryGetProperty("order", out var value))
        {
            return (false, null);
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => (true, null),
            // -0 is the same order as 0 and is stored and shown as 0.
            JsonValueKind.Number when value.TryGetDouble(out var order) && double.IsFinite(order) => (true, order == 0 ? 0d : order),
            _ => throw Invalid("'order' must be a finite number or null."),
        };
    }

    private static BadHttpRequestException Invalid(string detail) => new(detail, StatusCodes.Status400BadRequest);
}
