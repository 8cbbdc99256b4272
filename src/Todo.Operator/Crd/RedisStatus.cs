using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>Sentinel mode's roles as the operator last heard them from the Sentinels.</summary>
[Description("Sentinel mode only: which data pod is the primary and which replicate it, as the Sentinels last told the operator "
    + "(it asks them every 10 s), and the nodes that hold more than one data pod or Sentinel. Absent in Standalone mode, and until the "
    + "operator has asked the Sentinels once or found pods sharing a node.")]
internal sealed record RedisStatus
{
    [JsonPropertyName("primary")]
    [Description("The data pod the Sentinels name the primary (absent until one of them has answered).")]
    public string? Primary { get; init; }

    [JsonPropertyName("replicas")]
    [Description("The data pods the Sentinels list as replicas of the primary, by name.")]
    public IList<RedisReplicaStatus>? Replicas { get; init; }

    [JsonPropertyName("replicasInSync")]
    [Description("How many of the replicas are in sync: up, and linked to the primary (master-link-status ok).")]
    public int? ReplicasInSync { get; init; }

    [JsonPropertyName("lastFailoverTime")]
    [Description("When the operator last saw the Sentinels name another primary (a RedisFailover Event names both); absent until the first failover.")]
    public DateTime? LastFailoverTime { get; init; }

    [JsonPropertyName("unreachableSince")]
    [Description("While no Sentinel answers the operator (down, or a network partition): since when. The fields above are then as the "
        + "Sentinels last named them, and may be out of date. Absent while they answer.")]
    // Written as null once they answer again: status is a merge patch, where only an explicit null removes a field.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTime? UnreachableSince { get; init; }

    [JsonPropertyName("sharedNodes")]
    [Description("The nodes that hold more than one data pod or more than one Sentinel, by node name; absent while each pod has a node of its own. "
        + "The pods spread over nodes (a topology spread constraint on kubernetes.io/hostname, maxSkew 1) and share them evenly only when "
        + "there are fewer schedulable nodes than pods. Pods not scheduled yet are not counted. A RedisPodsShareANode Warning Event names "
        + "each node as it comes to be shared.")]
    // Written as null once every pod has a node of its own again, as unreachableSince is.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IList<RedisSharedNode>? SharedNodes { get; init; }
}
