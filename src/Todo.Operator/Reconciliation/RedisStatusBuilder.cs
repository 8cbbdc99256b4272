using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// status.redis from the previous one and the Sentinels' latest answer (<see cref="SentinelObservation"/>). Pure, like
/// <see cref="StatusBuilder"/>: the same inputs give the same status, so an answer that did not change writes nothing.
/// </summary>
internal static class RedisStatusBuilder
{
    /// <summary>
    /// Standalone: none. Not asked yet (the operator just started, or the app is new to it): as it was. No Sentinel answering:
    /// as it was, since when they are silent. An answer: its primary and replicas; another primary than before is a
    /// failover, dated when the answer was first seen.
    /// </summary>
    public static RedisStatus? Build(TodoApp app, SentinelObservation? latest)
    {
        var previous = app.Status?.Redis;
        if (!RedisTopology.UsesSentinel(app))
        {
            return null;
        }

        return latest switch
        {
            null => previous,
            { View: null, Since: var since } => (previous ?? new RedisStatus()) with { UnreachableSince = previous?.UnreachableSince ?? since },
            { View: { } view, Since: var since } => new RedisStatus
            {
                Primary = view.Primary,
                Replicas = [.. view.Replicas],
                ReplicasInSync = view.ReplicasInSync,
                LastFailoverTime = previous?.Primary is { } old && old != view.Primary ? since : previous?.LastFailoverTime,
            },
        };
    }

    /// <summary>The primary before and after, when <paramref name="next"/> names another one than <paramref name="previous"/>.</summary>
    public static (string Old, string New)? Failover(RedisStatus? previous, RedisStatus? next) =>
        previous?.Primary is { } old && next?.Primary is { } promoted && old != promoted ? (old, promoted) : null;
}
