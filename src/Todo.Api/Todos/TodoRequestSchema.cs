namespace Todo.Api.Todos;

/// <summary>
/// The body that POST, PUT and PATCH accept, for the OpenAPI document only: bodies are parsed by
/// <see cref="TodoInput"/> so that every malformed field gets a precise 400.
/// </summary>
internal sealed record TodoRequestSchema(string? Title, bool? Completed, double? Order);
