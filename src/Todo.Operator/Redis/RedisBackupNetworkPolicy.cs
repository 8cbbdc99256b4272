using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The app's backup Jobs (TodoAppBackup) may reach Redis, and in Sentinel mode the Sentinels (whom they ask for a replica);
/// with the cluster DNS the default-deny policy allows, that is all they may reach, and nothing may reach them. Under the
/// default-deny policy alone they could not take a snapshot at all.
/// </summary>
internal sealed class RedisBackupNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => $"{ChildNames.Redis(app)}-backup";

    public override bool IsWanted(TodoApp app) => app.Spec.NetworkPolicy.Enabled;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.BackupComponent),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.BackupComponent) },
            PolicyTypes = ["Ingress", "Egress"],
            Egress = RedisClients.ClientEgress(app),
        },
    };
}
