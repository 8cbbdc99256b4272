namespace Todo.Api.Storage;

/// <summary>
/// A write made of several scripts (DELETE of the collection, chunk by chunk) failed after some of them were applied:
/// its outcome is "partly done", never "not applied".
/// </summary>
internal sealed class PartialWriteException : Exception
{
    public PartialWriteException()
    {
    }

    public PartialWriteException(string message)
        : base(message)
    {
    }

    public PartialWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
