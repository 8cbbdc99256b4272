using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The policy that let the backup Jobs reach Redis, which earlier operators made for each app. The app's base
/// policy (<see cref="DefaultDenyNetworkPolicy"/>) now allows the same paths, one write fewer for each new app. Never
/// wanted, so the workflow deletes it where an earlier operator made it.
/// </summary>
internal sealed class RetiredBackupNetworkPolicy : ChildResource<V1NetworkPolicy>
{
    public override string ObjectName(TodoApp app) => $"{ChildNames.Redis(app)}-backup";

    public override bool IsWanted(TodoApp app) => false;

    protected override V1NetworkPolicy Build(TodoApp app, ChildContext context) =>
        throw new InvalidOperationException($"{Name} is retired: it is only deleted, never built.");
}
