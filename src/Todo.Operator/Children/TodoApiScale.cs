using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>How many API replicas the spec asks for, with or without the autoscaler.</summary>
internal static class TodoApiScale
{
    public const int DefaultReplicas = 1;

    /// <summary>The fewest replicas the app runs with: decides whether a PodDisruptionBudget makes sense.</summary>
    public static int MinReplicas(TodoApp app) =>
        app.Spec.Autoscaling.Enabled ? app.Spec.Autoscaling.MinReplicas : app.Spec.Replicas ?? DefaultReplicas;

    /// <summary>Deployment.spec.replicas: unset when the HorizontalPodAutoscaler owns it, so the two never fight.</summary>
    public static int? DeploymentReplicas(TodoApp app) =>
        app.Spec.Autoscaling.Enabled ? null : app.Spec.Replicas ?? DefaultReplicas;
}
