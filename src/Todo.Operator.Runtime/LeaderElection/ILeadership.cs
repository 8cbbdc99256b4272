namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>Runs work only while this instance leads; implementations re-campaign forever after losing the lead.</summary>
internal interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>Why the election loop looks stuck at <paramref name="now"/> (it has stopped trying to acquire or renew the Lease), or null while it moves.</summary>
    string? StuckReason(DateTimeOffset now);

    /// <summary>
    /// Calls <paramref name="whileLeading"/> each time leadership is gained; its token fires when leadership is
    /// lost or <paramref name="stopping"/> fires. Returns only when <paramref name="stopping"/> fires.
    /// </summary>
    Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken stopping);
}
