namespace Todo.Api.Storage;

internal enum WriteOutcome
{
    Done,
    NotFound,
    VersionMismatch,
}
