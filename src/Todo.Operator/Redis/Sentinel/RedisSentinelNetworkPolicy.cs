using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The Sentinels admit the API, the data pods, each other, the backup Jobs and the operator's pods (when it runs in one),
/// and reach only the data pods and each other.
/// </summary>
internal sealed class RedisSentinelNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => ChildNames.RedisSentinel(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled && RedisTopology.UsesSentinel(app);

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.SentinelComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.SentinelComponent) },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = context.OperatorPods is { } operatorPods
                ? [SentinelTraffic.SentinelIngress(app), SentinelTraffic.FromOperator(operatorPods)]
                : [SentinelTraffic.SentinelIngress(app)],
            Egress = SentinelTraffic.SentinelEgress(app),
        },
    };
}
