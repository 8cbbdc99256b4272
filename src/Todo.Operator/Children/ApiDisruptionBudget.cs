using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// A PodDisruptionBudget keeping all but one API pod up during voluntary disruptions. Only with two or
/// more replicas: with one, a budget would either block node drains or protect nothing.
/// </summary>
internal sealed class ApiDisruptionBudget : IChildResource
{
    public const int MinReplicasForBudget = 2;

    public string Name => "PodDisruptionBudget";

    public ResourceType Type(ClusterCapabilities capabilities) =>
        ChildTypes.PodDisruptionBudget(capabilities);

    public string ObjectName(TodoApp app) => ChildNames.Api(app);

    public bool IsWanted(TodoApp app) => ApiScale.MinReplicas(app) >= MinReplicasForBudget;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1PodDisruptionBudget
    {
        ApiVersion = Type(context.Capabilities).ApiVersion,
        Kind = "PodDisruptionBudget",
        Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.ApiComponent),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.ApiComponent) },
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;
}
