using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>The outcome of a create; <see cref="Item"/> is the new todo when it is <see cref="CreateOutcome.Created"/>.</summary>
internal sealed record CreateResult(CreateOutcome Outcome, TodoItem? Item);
