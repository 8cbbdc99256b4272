using System.Text.Json.Serialization;

namespace Todo.Api.Todos;

/// <summary>
/// A todo as the Todo-Backend contract shows it, with the absolute URL of the item: the OpenAPI document's schema of what
/// <see cref="TodoJson"/> writes.
/// </summary>
internal sealed record TodoResponse(
    long Id,
    string Title,
    bool Completed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Order,
    string Url);
