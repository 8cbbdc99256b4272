using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>Redis accepts connections only from the API pods of the same app; its exporter, only from Prometheus when monitoring is on.</summary>
internal sealed class RedisNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override ApplyPhase Phase => ApplyPhase.NetworkPolicies;

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.RedisComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) },
            PolicyTypes = ["Ingress"],
            Ingress = app.Spec.Monitoring.Enabled && app.Spec.Redis.Exporter.Enabled ? [FromTheApi(app), FromPrometheus(app)] : [FromTheApi(app)],
        },
    };

    private static V1NetworkPolicyIngressRule FromTheApi(TodoApp app) => new()
    {
        FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) } }],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.Port }],
    };

    private static V1NetworkPolicyIngressRule FromPrometheus(TodoApp app) => new()
    {
        FromProperty = [.. app.Spec.Monitoring.ScrapeFrom.Select(NetworkPolicyRules.Peer)],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.MetricsPort }],
    };
}
