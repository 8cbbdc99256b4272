using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>Lets the configured peers (the ingress controller by default) reach the API, and the API reach Redis.</summary>
internal sealed class ApiNetworkPolicy : IChildResource
{
    public string Name => "ApiNetworkPolicy";

    public ResourceType Type(ClusterCapabilities capabilities) => ChildTypes.NetworkPolicy;

    public string ObjectName(TodoApp app) => ChildNames.Api(app);

    public bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1NetworkPolicy
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.ApiComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.ApiComponent) },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress =
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = [.. app.Spec.NetworkPolicy.IngressFrom.Select(Peer)],
                    Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = ApiDeployment.HttpPort }],
                },
            ],
            Egress =
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) } }],
                    Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.Port }],
                },
            ],
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;

    private static V1NetworkPolicyPeer Peer(NetworkPeer peer) => new()
    {
        NamespaceSelector = peer.NamespaceSelector is null ? null : new V1LabelSelector { MatchLabels = peer.NamespaceSelector },
        PodSelector = peer.PodSelector is null ? null : new V1LabelSelector { MatchLabels = peer.PodSelector },
    };
}
