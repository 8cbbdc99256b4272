using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>
/// Lets the configured peers (the ingress controller by default) reach the API, Prometheus scrape it when monitoring is on,
/// and the API reach Redis.
/// </summary>
internal sealed class TodoApiNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override ApplyPhase Phase => ApplyPhase.NetworkPolicies;

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = app.Spec.Monitoring.Enabled
                ? [FromPeers(app.Spec.NetworkPolicy.IngressFrom), FromPeers(app.Spec.Monitoring.ScrapeFrom)]
                : [FromPeers(app.Spec.NetworkPolicy.IngressFrom)],
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

    /// <summary>The API's HTTP port (which serves /metrics too) to <paramref name="peers"/>.</summary>
    private static V1NetworkPolicyIngressRule FromPeers(IEnumerable<NetworkPeer> peers) => new()
    {
        FromProperty = [.. peers.Select(Peer)],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = TodoApiDeployment.HttpPort }],
    };

    private static V1NetworkPolicyPeer Peer(NetworkPeer peer) => new()
    {
        NamespaceSelector = peer.NamespaceSelector is null ? null : new V1LabelSelector { MatchLabels = peer.NamespaceSelector },
        PodSelector = peer.PodSelector is null ? null : new V1LabelSelector { MatchLabels = peer.PodSelector },
    };
}
