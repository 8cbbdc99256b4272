using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>One replica as the Sentinels list it.</summary>
[Description("A data pod that replicates the primary.")]
internal sealed record RedisReplicaStatus
{
    [JsonPropertyName("name")]
    [Description("The data pod.")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("inSync")]
    [Description("Whether it is up and linked to the primary (the Sentinels see no s_down, o_down, disconnected or promoted flag, and master-link-status ok).")]
    public bool InSync { get; init; }
}
