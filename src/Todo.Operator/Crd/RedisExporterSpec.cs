using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Crd;

/// <summary>The redis_exporter sidecar, which gives Prometheus Redis' own metrics.</summary>
[Description("The redis_exporter sidecar in the Redis pod, which gives Prometheus Redis' own metrics (memory, clients, commands).")]
internal sealed class RedisExporterSpec
{
    /// <summary>The newest redis_exporter release (v1.94.0) when this operator was released.</summary>
    public const string DefaultTag = "v1.94.0";

    [JsonPropertyName("enabled")]
    [Description("Whether the Redis pod runs redis_exporter (port 'metrics', 9121). With spec.monitoring.enabled the app's ServiceMonitor "
        + "scrapes it too, and the network policy admits spec.monitoring.scrapeFrom to it.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("image")]
    [Description("The redis_exporter image.")]
    public ImageReference Image { get; set; } = new() { Repository = "docker.io/oliver006/redis_exporter", Tag = DefaultTag };

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of the exporter container.")]
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
    };
}
