using StackExchange.Redis;

namespace Todo.Api.Storage;

/// <summary>
/// The connection writes go over: the reads' own when no replica has to confirm a write, otherwise one of its own,
/// because <c>WAIT</c> holds up every later command on its connection (see <see cref="ReplicatedWrites"/>).
/// </summary>
internal sealed class WriteConnection(IConnectionMultiplexer multiplexer, bool ownsMultiplexer) : IDisposable
{
    public IConnectionMultiplexer Multiplexer { get; } = multiplexer;

    public void Dispose()
    {
        if (ownsMultiplexer)
        {
            Multiplexer.Dispose();
        }
    }
}
