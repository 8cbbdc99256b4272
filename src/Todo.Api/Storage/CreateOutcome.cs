namespace Todo.Api.Storage;

internal enum CreateOutcome
{
    Created,

    /// <summary>The request's Idempotency-Key already created this todo from the same request: nothing new was written.</summary>
    Replayed,

    /// <summary>The request's Idempotency-Key already created a todo from the same request, and that todo was deleted since.</summary>
    KeyOfDeletedTodo,

    /// <summary>The request's Idempotency-Key was used for a different request.</summary>
    KeyReused,

    /// <summary>The collection already holds the configured maximum of todos.</summary>
    CollectionFull,
}
