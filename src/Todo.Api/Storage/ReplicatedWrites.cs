using StackExchange.Redis;

namespace Todo.Api.Storage;

/// <summary>
/// Runs a write script on the primary and, when <see cref="RedisOptions.ReplicasToAcknowledge"/> is set, returns only
/// once that many replicas hold it: the write joins a <c>WAIT</c> it shares with the writes beside it
/// (<see cref="GroupCommit"/>, which says what may confirm a write). WAIT blocks the connection it is sent on until the
/// replicas answer, so writes go over a connection of their own (<see cref="WriteConnection"/>) and reads never queue
/// behind it; WAIT counts the replicas that reached the offset of its connection's last write, so it goes over that
/// connection too.
/// </summary>
internal sealed class ReplicatedWrites(WriteConnection connection, GroupCommit? groupCommit)
{
    public async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args)
    {
        var database = connection.Multiplexer.GetDatabase();
        if (groupCommit is null)
        {
            return await database.ScriptEvaluateAsync(script, keys, args);
        }

        var sentIn = groupCommit.CurrentGeneration();
        var result = await database.ScriptEvaluateAsync(script, keys, args);
        await groupCommit.ConfirmAsync(sentIn);
        return result;
    }
}
