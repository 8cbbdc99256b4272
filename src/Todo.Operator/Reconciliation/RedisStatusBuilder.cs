using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// status.redis from the previous one, the Sentinels' latest answer (<see cref="SentinelObservation"/>) and the app's Redis
/// pods (<see cref="RedisPodPlacement"/>). Pure, like <see cref="StatusBuilder"/>: the same inputs give the same status, so
/// an answer or a placement that did not change writes nothing.
/// </summary>
internal static class RedisStatusBuilder
{
    /// <summary>
    /// Standalone: none. Not asked yet (the operator just started, or the app is new to it): as it was. No Sentinel answering:
    /// as it was, since when they are silent. An answer: its primary and replicas; another primary than before is a
    /// failover, dated when the answer was first seen. In each case the nodes the pods share, from <paramref name="pods"/>
    /// (as they were when those could not be read, null).
    /// </summary>
    public static RedisStatus? Build(TodoApp app, SentinelObservation? latest, IReadOnlyList<V1Pod>? pods)
    {
        if (!RedisTopology.UsesSentinel(app))
        {
            return null;
        }

        var previous = app.Status?.Redis;
        var shared = pods is null ? previous?.SharedNodes : RedisPodPlacement.SharedNodes(app, pods);
        return Roles(previous, latest) is { } roles
            ? roles with { SharedNodes = shared }
            : shared is null ? null : new RedisStatus { SharedNodes = shared };
    }

    /// <summary>The nodes newly shared from <paramref name="previous"/> to <paramref name="next"/>, each to be reported once.</summary>
    public static IEnumerable<RedisSharedNode> NewlyShared(RedisStatus? previous, RedisStatus? next) =>
        RedisPodPlacement.NewlyShared(previous?.SharedNodes, next?.SharedNodes);

    /// <summary>The primary before and after, when <paramref name="next"/> names another one than <paramref name="previous"/>.</summary>
    public static (string Old, string New)? Failover(RedisStatus? previous, RedisStatus? next) =>
        previous?.Primary is { } old && next?.Primary is { } promoted && old != promoted ? (old, promoted) : null;

    private static RedisStatus? Roles(RedisStatus? previous, SentinelObservation? latest) =>
        latest switch
        {
            // A status that says nothing of the Sentinels yet (only sharedNodes) is none.
            null => previous is { Primary: null, UnreachableSince: null } ? null : previous,
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
