using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Support;

/// <summary>What the reconciler finds in the cache of two kinds of cluster.</summary>
internal static class TestClusters
{
    /// <summary>A current release with the Prometheus Operator's CRDs: every child kind, in its newest version.</summary>
    public static ResourceCatalog Current { get; } =
        new([.. TodoAppWorkflow.Children.Select(child => child.Kind.Declared with { Version = child.Kind.Versions[0] }), RedisDataClaims.Type]);

    /// <summary>Kubernetes 1.20 without extra CRDs: autoscaling/v2beta2, policy/v1beta1, and no optional kinds.</summary>
    public static ResourceCatalog Kubernetes120 { get; } =
        new([.. TodoAppWorkflow.Children.Where(child => !child.Kind.Optional).Select(child => child.Kind.Declared with { Version = child.Kind.Versions[^1] }), RedisDataClaims.Type]);
}
