using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd;

/// <summary>Prometheus monitoring of the TODO API through the Prometheus Operator.</summary>
[Description("Prometheus monitoring of the TODO API through the Prometheus Operator.")]
internal sealed class MonitoringSpec
{
    /// <summary>A Prometheus duration with at least one unit, as the ServiceMonitor's interval accepts it ("30s", "1m30s").</summary>
    public const string IntervalPattern = "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$";

    [JsonPropertyName("enabled")]
    [Description("Whether the operator creates a ServiceMonitor (monitoring.coreos.com/v1) that scrapes the API pods' /metrics. "
        + "Where the cluster serves no ServiceMonitors, the Ready condition says so and the application runs without one.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("interval")]
    [MinimumLength(2)]
    [RegularExpression(IntervalPattern)]
    [Description("How often Prometheus scrapes the API, as a Prometheus duration such as '30s' or '1m'.")]
    public string Interval { get; set; } = "30s";

    [JsonPropertyName("scrapeFrom")]
    [Description("Who may scrape the API's metrics when network policies are on. Defaults to the Prometheus pods in the 'monitoring' namespace.")]
    public IList<NetworkPeer> ScrapeFrom { get; set; } =
    [
        new()
        {
            NamespaceSelector = new() { ["kubernetes.io/metadata.name"] = "monitoring" },
            PodSelector = new() { ["app.kubernetes.io/name"] = "prometheus" },
        },
    ];
}
