using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>
/// Denies all traffic to and from the app's pods, except DNS lookups; the other policies then allow
/// exactly the paths the app needs.
/// </summary>
internal sealed class DefaultDenyNetworkPolicy : IChildResource
{
    public string Name => "DefaultDenyNetworkPolicy";

    public ResourceType Type(ClusterCapabilities capabilities) => ChildTypes.NetworkPolicy;

    public string ObjectName(TodoApp app) => ChildNames.DefaultDenyPolicy(app);

    public bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1NetworkPolicy
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ChildMetadata.For(app, ObjectName(app), "network-policy"),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.AllPods(app) },
            PolicyTypes = ["Ingress", "Egress"],
            Egress = [NetworkPolicyRules.DnsEgress()],
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;
}
