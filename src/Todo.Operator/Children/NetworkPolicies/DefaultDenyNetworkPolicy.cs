using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Workflow;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>
/// Denies all traffic to and from the app's pods, except DNS lookups to the cluster DNS and connections to the app's own
/// Redis (and Sentinels), which every client needs: the API and the backup Jobs. Another pod of the app gains no path by
/// it, as Redis' and the Sentinels' own policies admit only their clients and each other. The other policies then allow
/// what reaches the app. One object for both, not a policy per client: every child is a write for each new app.
/// </summary>
internal sealed class DefaultDenyNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => ChildNames.DefaultDenyPolicy(app);

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, "network-policy"),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.AllPods(app) },
            PolicyTypes = ["Ingress", "Egress"],
            Egress = [NetworkPolicyRules.DnsEgress(app), .. RedisClients.ClientEgress(app)],
        },
    };
}
