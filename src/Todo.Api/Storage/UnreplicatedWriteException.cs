namespace Todo.Api.Storage;

/// <summary>
/// A write the primary applied but fewer replicas than required confirmed in time (or the wait for them failed): a
/// failover now could lose it, so it is never acknowledged as done; its outcome is unknown to the client.
/// </summary>
internal sealed class UnreplicatedWriteException : Exception
{
    public UnreplicatedWriteException()
    {
    }

    public UnreplicatedWriteException(string message)
        : base(message)
    {
    }

    public UnreplicatedWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
