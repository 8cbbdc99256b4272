using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>
/// The outcome of a create; <see cref="Item"/> is the todo as created when it is <see cref="CreateOutcome.Created"/>
/// or <see cref="CreateOutcome.Replayed"/>.
/// </summary>
internal sealed record CreateResult(CreateOutcome Outcome, TodoItem? Item);
