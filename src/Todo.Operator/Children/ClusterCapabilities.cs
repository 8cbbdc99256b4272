namespace Todo.Operator.Children;

/// <summary>
/// The API versions the cluster serves for kinds whose version moved over the supported range
/// (Kubernetes 1.20 serves autoscaling/v2beta2 and policy/v1beta1; 1.23+ autoscaling/v2, 1.21+ policy/v1).
/// Filled from discovery at start-up.
/// </summary>
internal sealed record ClusterCapabilities(string AutoscalingVersion, string PolicyVersion)
{
    public static ClusterCapabilities Current { get; } = new("v2", "v1");

    public static ClusterCapabilities Kubernetes120 { get; } = new("v2beta2", "v1beta1");
}
