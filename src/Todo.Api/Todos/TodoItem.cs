namespace Todo.Api.Todos;

/// <summary>A stored todo. <see cref="Version"/> grows on every write and is the item's strong ETag.</summary>
internal sealed record TodoItem(long Id, string Title, bool Completed, double? Order, long Version);
