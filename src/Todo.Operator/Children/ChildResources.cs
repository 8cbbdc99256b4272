using Todo.Operator.Children.NetworkPolicies;

namespace Todo.Operator.Children;

/// <summary>
/// Every kind of child a TodoApp owns, in apply order: the password before the pods that read it,
/// the network policies before the pods they protect, each workload's Service before the workload,
/// and the Ingress last, once there is something to route to.
/// </summary>
internal static class ChildResources
{
    public static IReadOnlyList<IChildResource> All { get; } =
    [
        new RedisPasswordSecret(),
        new DefaultDenyNetworkPolicy(),
        new RedisNetworkPolicy(),
        new ApiNetworkPolicy(),
        new RedisService(),
        new RedisStatefulSet(),
        new ApiService(),
        new ApiDeployment(),
        new ApiAutoscaler(),
        new ApiDisruptionBudget(),
        new ApiIngress(),
    ];
}
