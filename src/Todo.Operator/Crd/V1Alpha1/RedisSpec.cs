using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>The Redis instance that stores the TODO items.</summary>
[Description("The Redis instance that stores the TODO items.")]
internal sealed class RedisSpec
{
    [JsonPropertyName("image")]
    [Description("The Redis container image.")]
    public ImageReference Image { get; set; } = new() { Repository = "docker.io/library/redis", Tag = "7.2.5-alpine" };

    [JsonPropertyName("persistence")]
    [Description("How Redis persists data: AOF (append-only file on a volume) or None (in memory only, lost on restart).")]
    public RedisPersistence Persistence { get; set; } = RedisPersistence.Aof;

    [JsonPropertyName("storage")]
    [Description("The persistent volume of Redis when persistence is AOF.")]
    public RedisStorageSpec Storage { get; set; } = new();

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of the Redis container.")]
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
    };

    [JsonPropertyName("password")]
    [Description("Where the Redis password comes from. Without existingSecret the operator generates one once and keeps it.")]
    public RedisPasswordSpec Password { get; set; } = new();
}
