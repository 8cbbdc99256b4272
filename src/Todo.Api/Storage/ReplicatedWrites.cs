using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Todo.Api.Storage;

/// <summary>
/// Runs a write script on the primary and, when <see cref="RedisOptions.ReplicasToAcknowledge"/> is set, returns only
/// once that many replicas hold it (Redis <c>WAIT</c>). WAIT blocks the connection it is sent on until the replicas answer,
/// so writes go over a connection of their own (<see cref="WriteConnection"/>) and reads never queue behind it. WAIT
/// counts the replicas that reached the offset of its connection's last write: it is sent after the script's reply, on
/// the same connection; if that connection broke in between, WAIT fails (writes fail fast while disconnected) and the
/// write is reported unconfirmed, never confirmed by a new connection that wrote nothing.
/// </summary>
internal sealed class ReplicatedWrites(WriteConnection connection, IOptions<RedisOptions> options)
{
    private readonly int _replicas = options.Value.ReplicasToAcknowledge;
    private readonly int _timeoutMilliseconds = options.Value.ReplicationTimeoutMilliseconds;

    public async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args)
    {
        var database = connection.Multiplexer.GetDatabase();
        var result = await database.ScriptEvaluateAsync(script, keys, args);
        if (_replicas == 0)
        {
            return result;
        }

        long acknowledged;
        try
        {
            acknowledged = (long)await database.ExecuteAsync("WAIT", _replicas, _timeoutMilliseconds);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new UnreplicatedWriteException("The write was applied on the primary; waiting for its replicas failed.", e);
        }

        return acknowledged >= _replicas
            ? result
            : throw new UnreplicatedWriteException(
                $"The write was applied on the primary; {acknowledged} of the {_replicas} replicas required confirmed it within {_timeoutMilliseconds} ms.");
    }
}
