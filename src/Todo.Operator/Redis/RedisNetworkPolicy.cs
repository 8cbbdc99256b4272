using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Redis accepts connections only from the API pods of the same app; its exporter, only from Prometheus when monitoring is on.
/// In Sentinel mode the data pods also admit each other and the Sentinels, and reach only each other and the Sentinels.
/// </summary>
internal sealed class RedisNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context)
    {
        var policy = new V1NetworkPolicy
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) },
                PolicyTypes = ["Ingress"],
                Ingress = app.Spec.Monitoring.Enabled && app.Spec.Redis.Exporter.Enabled ? [RedisClients.Ingress(app), FromPrometheus(app)] : [RedisClients.Ingress(app)],
            },
        };
        if (RedisTopology.UsesSentinel(app))
        {
            policy.Spec.PolicyTypes = ["Ingress", "Egress"];
            policy.Spec.Ingress.Add(SentinelTraffic.DataIngress(app));
            policy.Spec.Egress = SentinelTraffic.DataEgress(app);
        }

        return policy;
    }

    private static V1NetworkPolicyIngressRule FromPrometheus(TodoApp app) => new()
    {
        FromProperty = [.. app.Spec.Monitoring.ScrapeFrom.Select(NetworkPolicyRules.Peer)],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.MetricsPort }],
    };
}
