using k8s.Models;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>Rules the app's network policies share.</summary>
internal static class NetworkPolicyRules
{
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
