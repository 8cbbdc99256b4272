using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>The Sentinels that watch the primary in Sentinel mode; three with a quorum of two survive the loss of any one.</summary>
[Description("The Sentinels that watch the Redis primary and promote a replica when it fails (Sentinel mode only).")]
internal sealed class RedisSentinelSpec
{
    [JsonPropertyName("count")]
    [Range(1, 9)]
    [Description("How many Sentinel pods run, spread over nodes. A failover needs a majority of them: 3 survive the loss of one.")]
    public int Count { get; set; } = 3;

    [JsonPropertyName("quorum")]
    [Range(1, 9)]
    [Description("How many Sentinels must agree that the primary is down before a failover starts; at most count.")]
    public int Quorum { get; set; } = 2;
}
