using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>
/// Denies all traffic to and from the app's pods, except DNS lookups to the cluster DNS; the other policies then allow
/// exactly the paths the app needs.
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
            Egress = [NetworkPolicyRules.DnsEgress(app)],
        },
    };
}
