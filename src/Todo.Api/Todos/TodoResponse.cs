using System.Text.Json.Serialization;

namespace Todo.Api.Todos;

/// <summary>A todo as the Todo-Backend contract shows it, with the absolute URL of the item.</summary>
internal sealed record TodoResponse(
    long Id,
    string Title,
    bool Completed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Order,
    string Url);
