using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>One page of the collection; <see cref="NextCursor"/> is null on the last page.</summary>
internal sealed record TodoPage(IReadOnlyList<TodoItem> Items, string? NextCursor);
