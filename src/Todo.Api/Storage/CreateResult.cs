using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>
/// The outcome of a create; <see cref="Item"/> is the todo as created when it is <see cref="CreateOutcome.Created"/>,
/// and as it is now when <see cref="CreateOutcome.Replayed"/>; <see cref="Id"/> is the todo's id in both cases and
/// for <see cref="CreateOutcome.KeyOfDeletedTodo"/>.
/// </summary>
internal sealed record CreateResult(CreateOutcome Outcome, TodoItem? Item, long? Id = null);
