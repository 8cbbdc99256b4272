using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>Redis accepts connections only from the API pods of the same app.</summary>
internal sealed class RedisNetworkPolicy : IChildResource
{
    public string Name => "RedisNetworkPolicy";

    public ResourceType Type(ClusterCapabilities capabilities) => ChildTypes.NetworkPolicy;

    public string ObjectName(TodoApp app) => ChildNames.Redis(app);

    public bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1NetworkPolicy
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.RedisComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) },
            PolicyTypes = ["Ingress"],
            Ingress =
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.ApiComponent) } }],
                    Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.Port }],
                },
            ],
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;
}
