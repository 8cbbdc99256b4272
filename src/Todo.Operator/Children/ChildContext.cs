using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// Inputs to the desired-state builders that do not come from the TodoApp itself: the resource types the cluster
/// offers (so the HorizontalPodAutoscaler is written in the version it serves), the Redis password, passed in (read
/// from the existing Secret, or freshly generated once) so that building stays pure and it is never rotated by accident,
/// and what the cluster holds that the StatefulSet's immutable claim template cannot say.
/// </summary>
internal sealed record ChildContext(ResourceCatalog Resources, string? GeneratedRedisPassword = null)
{
    /// <summary>Whether the cluster's StatefulSets take a persistentVolumeClaimRetentionPolicy (Kubernetes 1.27 and later).</summary>
    public bool ServesClaimRetentionPolicy { get; init; }

    /// <summary>The storage the existing Redis data claim asks for (someone may have expanded it), or null without one.</summary>
    public string? RedisClaimSize { get; init; }

    /// <summary>The replicas of the existing API Deployment, which it keeps when neither the spec nor an autoscaler says otherwise.</summary>
    public int? CurrentApiReplicas { get; init; }

    /// <summary>The version of the Redis password (<see cref="RedisPassword.VersionAnnotation"/>) Redis is to run with.</summary>
    public string? RedisPasswordVersion { get; init; }

    /// <summary>The version the API is to run with: Redis' once Redis runs it (<see cref="RedisPassword.ForTheApi"/>).</summary>
    public string? ApiRedisPasswordVersion { get; init; }

    /// <summary>The pod template annotations that carry <paramref name="version"/>, or null without one.</summary>
    public static Dictionary<string, string>? PasswordVersion(string? version) =>
        version is null ? null : new() { [RedisPassword.VersionAnnotation] = version };
}
