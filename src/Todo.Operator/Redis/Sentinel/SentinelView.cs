using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>What a Sentinel answered about an app's Redis: the primary and the replicas it lists, by data pod name.</summary>
internal sealed record SentinelView(string Primary, IReadOnlyList<RedisReplicaStatus> Replicas)
{
    public int ReplicasInSync => Replicas.Count(replica => replica.InSync);

    public bool Equals(SentinelView? other) => other is not null && Primary == other.Primary && Replicas.SequenceEqual(other.Replicas);

    public override int GetHashCode() => HashCode.Combine(Primary, Replicas.Count);
}
