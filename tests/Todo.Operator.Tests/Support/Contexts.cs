using Todo.Operator.Children;

namespace Todo.Operator.Tests.Support;

internal static class Contexts
{
    public static ChildContext Current { get; } = new(TestClusters.Current, "s3cr3t-password");

    public static ChildContext Kubernetes120 { get; } = new(TestClusters.Kubernetes120, "s3cr3t-password");
}
