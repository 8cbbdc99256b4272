using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>The desired state of a TodoApp.</summary>
[Description("The desired state of the TODO application.")]
internal sealed class TodoAppSpec
{
    [JsonPropertyName("image")]
    [Required]
    [Description("The container image of the TODO API. The tag must be pinned: 'latest' is rejected.")]
    public ImageReference Image { get; set; } = new();

    [JsonPropertyName("replicas")]
    [Range(0, 100)]
    [Description("The number of API replicas when autoscaling is disabled (also set by 'kubectl scale'). Defaults to 1.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("autoscaling")]
    [Description("Horizontal autoscaling of the API on CPU. When enabled, the HorizontalPodAutoscaler owns the replica count.")]
    public AutoscalingSpec Autoscaling { get; set; } = new();

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of each API container. A CPU request is needed for CPU autoscaling.")]
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
    };

    [JsonPropertyName("rateLimit")]
    [Description("The API's per-client rate limit. When absent, each client gets 50 requests per second with bursts of 100 wherever "
        + "the API can tell clients apart: not behind an Ingress whose proxies it does not trust, where every client would share one budget.")]
    public RateLimitSpec? RateLimit { get; set; }

    [JsonPropertyName("redis")]
    [Description("The Redis instance that stores the TODO items.")]
    public RedisSpec Redis { get; set; } = new();

    [JsonPropertyName("ingress")]
    [Description("How the API is exposed outside the cluster.")]
    public IngressSpec Ingress { get; set; } = new();

    [JsonPropertyName("networkPolicy")]
    [Description("NetworkPolicies that isolate the application's pods.")]
    public NetworkPolicySpec NetworkPolicy { get; set; } = new();

    [JsonPropertyName("monitoring")]
    [Description("Prometheus monitoring of the API through a ServiceMonitor, where the Prometheus Operator's CRDs are installed.")]
    public MonitoringSpec Monitoring { get; set; } = new();

    [JsonPropertyName("paused")]
    [Description("When true the operator stops changing the application's children (status is still reported).")]
    public bool Paused { get; set; }
}
