namespace Todo.Api.Storage;

internal enum WriteOutcome
{
    Done,
    NotFound,
    /// <summary>If-Match or If-None-Match does not hold for the stored todo.</summary>
    PreconditionFailed,
}
