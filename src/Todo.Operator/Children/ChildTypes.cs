using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// The APIs of the kinds a TodoApp owns. Autoscaling and disruption budgets moved versions within the
/// supported Kubernetes range, so theirs come from what discovery found.
/// </summary>
internal static class ChildTypes
{
    public static ResourceType Secret { get; } = new("", "v1", "Secret", "secrets");

    public static ResourceType Service { get; } = new("", "v1", "Service", "services");

    public static ResourceType StatefulSet { get; } = new("apps", "v1", "StatefulSet", "statefulsets");

    public static ResourceType Deployment { get; } = new("apps", "v1", "Deployment", "deployments");

    public static ResourceType Ingress { get; } = new("networking.k8s.io", "v1", "Ingress", "ingresses");

    public static ResourceType NetworkPolicy { get; } = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies");

    public static ResourceType HorizontalPodAutoscaler(ClusterCapabilities capabilities) =>
        new("autoscaling", capabilities.AutoscalingVersion, "HorizontalPodAutoscaler", "horizontalpodautoscalers");

    public static ResourceType PodDisruptionBudget(ClusterCapabilities capabilities) =>
        new("policy", capabilities.PolicyVersion, "PodDisruptionBudget", "poddisruptionbudgets");
}
