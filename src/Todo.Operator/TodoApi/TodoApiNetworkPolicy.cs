using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// Lets the configured peers (the ingress controller by default) reach the API's HTTP port, and Prometheus its management
/// port (/metrics) when monitoring is on. The API's way to Redis is the app's base policy (<see cref="DefaultDenyNetworkPolicy"/>).
/// </summary>
internal sealed class TodoApiNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) },
            PolicyTypes = ["Ingress"],
            Ingress = app.Spec.Monitoring.Enabled
                ? [FromPeers(app.Spec.NetworkPolicy.IngressFrom, TodoApiDeployment.HttpPort), FromPeers(app.Spec.Monitoring.ScrapeFrom, TodoApiDeployment.ManagementPort)]
                : [FromPeers(app.Spec.NetworkPolicy.IngressFrom, TodoApiDeployment.HttpPort)],
        },
    };

    private static V1NetworkPolicyIngressRule FromPeers(IEnumerable<NetworkPeer> peers, int port) => new()
    {
        FromProperty = [.. peers.Select(NetworkPolicyRules.Peer)],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = port }],
    };
}
