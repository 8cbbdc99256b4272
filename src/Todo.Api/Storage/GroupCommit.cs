using StackExchange.Redis;

namespace Todo.Api.Storage;

/// <summary>
/// Confirms writes by <c>WAIT</c>s they share (a group commit): one WAIT counts the replicas that reached the offset of
/// its connection's last write, so it covers every write that connection made before it. At most one WAIT is in flight;
/// a write whose reply has arrived joins the next one, which is sent at once when none is in flight, or else as soon as
/// the one in flight answers. Each write gets the outcome of the WAIT it joined: enough replicas, success; fewer, or a
/// failed WAIT, <see cref="UnreplicatedWriteException"/>.
/// <para>
/// Guarantees, so that no write is ever reported replicated that a WAIT could not cover: a write joins only after its
/// own reply arrived, and a WAIT takes only writes that joined before it was sent, never those that join while it is in
/// flight, so the primary executed every write a WAIT confirms before that WAIT. A write is confirmed only if the write
/// connection's <see cref="ConnectionGeneration"/> taken once the WAIT answered equals the one taken before the write
/// was sent: a reconnect (a new socket, whose WAIT would count from an offset of nothing) or a change of primary between
/// the two reports the write unconfirmed, even when that WAIT itself succeeded.
/// </para>
/// </summary>
internal sealed class GroupCommit(
    Func<Task<long>> waitForReplicas, Func<ConnectionGeneration> currentGeneration, int replicas, int timeoutMilliseconds)
{
    private readonly Lock _gate = new();
    private List<Joined> _next = [];
    private bool _waitInFlight;

    /// <summary>Sends its WAITs over the connection of <paramref name="multiplexer"/>, which the writes must go over too.</summary>
    public static GroupCommit Over(IConnectionMultiplexer multiplexer, int replicas, int timeoutMilliseconds) => new(
        async () => (long)await multiplexer.GetDatabase().ExecuteAsync("WAIT", replicas, timeoutMilliseconds),
        () => ConnectionGeneration.Of(multiplexer),
        replicas,
        timeoutMilliseconds);

    /// <summary>The generation to pass to <see cref="ConfirmAsync"/>: take it before sending the write.</summary>
    public ConnectionGeneration CurrentGeneration() => currentGeneration();

    /// <summary>Completes once enough replicas hold the write whose reply has just arrived, sent in <paramref name="sentIn"/>.</summary>
    public Task ConfirmAsync(ConnectionGeneration sentIn)
    {
        var joined = new Joined(sentIn, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Joined> batch;
        lock (_gate)
        {
            _next.Add(joined);
            if (_waitInFlight)
            {
                return joined.Outcome.Task;
            }

            _waitInFlight = true;
            batch = TakeNext();
        }

        _ = WaitInTurnsAsync(batch);
        return joined.Outcome.Task;
    }

    private async Task WaitInTurnsAsync(List<Joined> batch)
    {
        while (true)
        {
            await WaitForAsync(batch);
            lock (_gate)
            {
                if (_next.Count == 0)
                {
                    _waitInFlight = false;
                    return;
                }

                batch = TakeNext();
            }
        }
    }

    private async Task WaitForAsync(List<Joined> batch)
    {
        long acknowledged;
        ConnectionGeneration after;
        try
        {
            acknowledged = await waitForReplicas();
            after = currentGeneration();
        }
        catch (Exception e)
        {
            foreach (var joined in batch)
            {
                joined.Outcome.SetException(
                    new UnreplicatedWriteException("The write was applied on the primary; waiting for its replicas failed.", e));
            }

            return;
        }

        foreach (var joined in batch)
        {
            if (acknowledged < replicas)
            {
                joined.Outcome.SetException(new UnreplicatedWriteException(
                    $"The write was applied on the primary; {acknowledged} of the {replicas} replicas required confirmed it within {timeoutMilliseconds} ms."));
            }
            else if (!after.Covers(joined.SentIn))
            {
                joined.Outcome.SetException(new UnreplicatedWriteException(
                    "The write was applied on the primary; the connection to it was replaced before a WAIT could confirm it."));
            }
            else
            {
                joined.Outcome.SetResult();
            }
        }
    }

    private List<Joined> TakeNext()
    {
        var batch = _next;
        _next = [];
        return batch;
    }

    private sealed record Joined(ConnectionGeneration SentIn, TaskCompletionSource Outcome);
}
