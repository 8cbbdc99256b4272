using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>The outcome of an update; <see cref="Item"/> is the todo as written when it is <see cref="WriteOutcome.Done"/>.</summary>
internal sealed record UpdateResult(WriteOutcome Outcome, TodoItem? Item);
