using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.TodoApi.Monitoring;

/// <summary>
/// The Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1), reduced to the fields the operator sets:
/// KubernetesClient ships no model for it. Fields it leaves out are kept by the API server as others set them.
/// </summary>
[KubernetesEntity(Group = "monitoring.coreos.com", ApiVersion = "v1", Kind = "ServiceMonitor", PluralName = "servicemonitors")]
internal sealed class V1ServiceMonitor : IKubernetesObject<V1ObjectMeta>, ISpec<V1ServiceMonitorSpec>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ServiceMonitor";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public V1ServiceMonitorSpec Spec { get; set; } = new();
}

/// <summary>Which Services to scrape (in the ServiceMonitor's own namespace), and how.</summary>
internal sealed class V1ServiceMonitorSpec
{
    [JsonPropertyName("selector")]
    public V1LabelSelector Selector { get; set; } = new();

    [JsonPropertyName("endpoints")]
    public IList<V1ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

/// <summary>One scraped port of the selected Services.</summary>
internal sealed class V1ServiceMonitorEndpoint
{
    /// <summary>The name of the Service port.</summary>
    [JsonPropertyName("port")]
    public string? Port { get; set; }

    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>A Prometheus duration such as "30s".</summary>
    [JsonPropertyName("interval")]
    public string? Interval { get; set; }
}
