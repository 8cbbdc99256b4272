using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>NetworkPolicies that isolate the application's pods.</summary>
[Description("NetworkPolicies that isolate the application's pods.")]
internal sealed class NetworkPolicySpec
{
    [JsonPropertyName("enabled")]
    [Description("Whether the operator creates NetworkPolicies: deny by default, then allow only what the application needs.")]
    public bool Enabled { get; set; } = true;

    [JsonPropertyName("ingressFrom")]
    [Description("Who may reach the API. Defaults to the Traefik pods in the 'traefik' namespace.")]
    public IList<NetworkPeer> IngressFrom { get; set; } =
    [
        new()
        {
            NamespaceSelector = new() { ["kubernetes.io/metadata.name"] = "traefik" },
            PodSelector = new() { ["app.kubernetes.io/name"] = "traefik" },
        },
    ];
}
