namespace Todo.Api.Storage;

internal enum CreateOutcome
{
    Created,

    /// <summary>The collection already holds the configured maximum of todos.</summary>
    CollectionFull,
}
