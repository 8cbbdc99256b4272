using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;

namespace Todo.Operator.Workflow;

/// <summary>
/// A member of the TodoApp workflow (<see cref="TodoAppWorkflow"/>): a child the app owns (<see cref="IChildResource"/>) or a
/// step that is no object of its own, such as resolving the Redis password or guarding the data claims
/// (<see cref="IAppStep"/>). Its name is its class name; it declares the members it depends on.
/// </summary>
internal interface IAppMember : IWorkflowMember
{
    /// <summary>False when the spec does not call for this member (ingress disabled, autoscaling off...): a child is then pruned.</summary>
    bool IsWanted(TodoApp app);
}
