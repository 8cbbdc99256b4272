using Todo.Operator.Backups.Schedule;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Redis;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Workflow;

/// <summary>
/// Every member of a TodoApp's workflow, listed once (as JOSDK's <c>@Workflow(dependents = {...})</c>): the app-wide
/// default-deny policy, then each feature's members. The order of a reconcile follows from what each member declares it
/// depends on; the same list drives the watches, the generated RBAC and the benchmark's floor client.
/// </summary>
internal static class TodoAppWorkflow
{
    public static IReadOnlyList<IAppMember> Members { get; } = [new DefaultDenyNetworkPolicy(), .. RedisMembers.All, .. TodoApiMembers.All, new BackupScheduleStep()];

    /// <summary>The members that are objects the app owns.</summary>
    public static IReadOnlyList<IChildResource> Children { get; } = [.. Members.OfType<IChildResource>()];

    /// <summary>The workflow of <see cref="Members"/>, checked: throws <see cref="InvalidWorkflowException"/> naming what is wrong.</summary>
    public static Workflow<IAppMember> Define() => new(Members);
}
