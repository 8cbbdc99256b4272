namespace Todo.Api.Todos;

/// <summary>A validated todo to create.</summary>
internal sealed record NewTodo(string Title, bool Completed, double? Order);
