using Todo.Operator.Children;
using Todo.Operator.Runtime;

namespace Todo.Operator.Tests.Support;

/// <summary>What the reconciler finds in the cache of two kinds of cluster.</summary>
internal static class TestClusters
{
    /// <summary>A current release with the Prometheus Operator's CRDs: every child kind, in its newest version.</summary>
    public static ResourceCatalog Current { get; } =
        new([.. ChildResources.All.Select(child => child.Kind.Declared with { Version = child.Kind.Versions[0] }), RedisDataClaim.Kind.Declared]);

    /// <summary>Kubernetes 1.20 without extra CRDs: autoscaling/v2beta2, policy/v1beta1, and no optional kinds.</summary>
    public static ResourceCatalog Kubernetes120 { get; } =
        new([.. ChildResources.All.Where(child => !child.Kind.Optional).Select(child => child.Kind.Declared with { Version = child.Kind.Versions[^1] }), RedisDataClaim.Kind.Declared]);
}
