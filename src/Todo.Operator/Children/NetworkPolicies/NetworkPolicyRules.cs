using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>Rules the app's network policies share.</summary>
internal static class NetworkPolicyRules
{
    /// <summary>DNS lookups, to the cluster DNS only (spec.networkPolicy.dnsTo): a port 53 open to any address is a way out for data.</summary>
    public static V1NetworkPolicyEgressRule DnsEgress(TodoApp app) => new()
    {
        To = [.. app.Spec.NetworkPolicy.DnsTo.Select(Peer)],
        Ports =
        [
            new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 },
            new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 },
        ],
    };

    public static V1NetworkPolicyPeer Peer(NetworkPeer peer) => new()
    {
        NamespaceSelector = peer.NamespaceSelector is null ? null : new V1LabelSelector { MatchLabels = peer.NamespaceSelector },
        PodSelector = peer.PodSelector is null ? null : new V1LabelSelector { MatchLabels = peer.PodSelector },
    };
}
