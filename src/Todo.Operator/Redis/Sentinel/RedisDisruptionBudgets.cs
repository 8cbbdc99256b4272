using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// At most one pod of a component down by a voluntary disruption (a drain): one data pod, so a primary is left or can be
/// promoted, and one Sentinel, so a majority still votes. Sentinel mode only: a budget on Standalone's one pod would block drains.
/// </summary>
internal abstract class RedisDisruptionBudget(string component) : ChildResource<V1PodDisruptionBudget>
{
    /// <summary>policy/v1 from Kubernetes 1.21, v1beta1 before.</summary>
    public override OwnedKind Kind { get; } = OwnedKind.Of<V1PodDisruptionBudget>(["v1", "v1beta1"]);

    public override bool IsWanted(TodoApp app) => RedisTopology.UsesSentinel(app);

    protected override V1PodDisruptionBudget Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, component),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, component) },
        },
    };
}

/// <summary>The data pods' budget.</summary>
internal sealed class RedisDataDisruptionBudget() : RedisDisruptionBudget(AppLabels.RedisComponent)
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisStatefulSet))];

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);
}

/// <summary>The Sentinels' budget.</summary>
internal sealed class RedisSentinelDisruptionBudget() : RedisDisruptionBudget(AppLabels.SentinelComponent)
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisSentinelStatefulSet))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisSentinel(app);
}
