namespace Todo.Api.Todos;

/// <summary>
/// A validated change of a todo: null fields stay as they are. <see cref="SetsOrder"/> tells an absent
/// <c>order</c> (kept) from an explicit null (cleared), which a PATCH may send.
/// </summary>
internal sealed record TodoChanges(string? Title, bool? Completed, bool SetsOrder, double? Order)
{
    /// <summary>PUT semantics: every field is replaced, missing ones take their defaults.</summary>
    public static TodoChanges Replacing(NewTodo todo) => new(todo.Title, todo.Completed, SetsOrder: true, todo.Order);
}
