using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children.NetworkPolicies;

internal static class NetworkPolicyType
{
    public static ResourceType Value { get; } = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies");

    /// <summary>DNS lookups to any namespace (cluster DNS runs in kube-system, its labels vary by distribution).</summary>
    public static V1NetworkPolicyEgressRule DnsEgress() => new()
    {
        Ports =
        [
            new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 },
            new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 },
        ],
    };
}
