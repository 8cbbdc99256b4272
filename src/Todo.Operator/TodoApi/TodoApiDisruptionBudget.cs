using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// A PodDisruptionBudget keeping all but one API pod up during voluntary disruptions. Only with two or
/// more replicas: with one, a budget would either block node drains or protect nothing.
/// </summary>
internal sealed class TodoApiDisruptionBudget : ChildResource<V1PodDisruptionBudget>
{
    public const int MinReplicasForBudget = 2;

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(TodoApiDeployment))];

    /// <summary>policy/v1 from Kubernetes 1.21, v1beta1 before.</summary>
    public override OwnedKind Kind { get; } = OwnedKind.Of<V1PodDisruptionBudget>(["v1", "v1beta1"]);

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => TodoApiScale.MinReplicas(app) >= MinReplicasForBudget;

    protected override V1PodDisruptionBudget Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) },
        },
    };
}
