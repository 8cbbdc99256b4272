using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>NetworkPolicies that isolate the application's pods.</summary>
[Description("NetworkPolicies that isolate the application's pods.")]
internal sealed class NetworkPolicySpec
{
    [JsonPropertyName("enabled")]
    [Description("Whether the operator creates NetworkPolicies: deny by default, then allow only what the application needs.")]
    public bool Enabled { get; set; } = true;

    [JsonPropertyName("ingressFrom")]
    [Description("Who may reach the API's HTTP port (the one the Ingress routes to). Defaults to Traefik as k3s installs it "
        + "(namespace kube-system) and as a standalone install runs it (namespace traefik), both by the pod label app.kubernetes.io/name=traefik.")]
    public IList<NetworkPeer> IngressFrom { get; set; } =
    [
        new()
        {
            NamespaceSelector = new() { ["kubernetes.io/metadata.name"] = "kube-system" },
            PodSelector = new() { ["app.kubernetes.io/name"] = "traefik" },
        },
        new()
        {
            NamespaceSelector = new() { ["kubernetes.io/metadata.name"] = "traefik" },
            PodSelector = new() { ["app.kubernetes.io/name"] = "traefik" },
        },
    ];

    [JsonPropertyName("dnsTo")]
    [Description("Where the app's pods may send DNS queries (port 53), and nowhere else. Defaults to the cluster DNS: the pods labelled "
        + "k8s-app=kube-dns in kube-system (CoreDNS on k3s and kubeadm clusters).")]
    public IList<NetworkPeer> DnsTo { get; set; } =
    [
        new()
        {
            NamespaceSelector = new() { ["kubernetes.io/metadata.name"] = "kube-system" },
            PodSelector = new() { ["k8s-app"] = "kube-dns" },
        },
    ];
}
