using Todo.Operator.Crd;

namespace Todo.Operator.TodoApi;

/// <summary>How many API replicas the spec asks for, with or without the autoscaler.</summary>
internal static class TodoApiScale
{
    public const int DefaultReplicas = 1;

    /// <summary>The fewest replicas the app runs with: decides whether a PodDisruptionBudget makes sense.</summary>
    public static int MinReplicas(TodoApp app) =>
        app.Spec.Autoscaling.Enabled ? app.Spec.Autoscaling.MinReplicas : app.Spec.Replicas ?? DefaultReplicas;

    /// <summary>
    /// How many available API pods are enough for the app to be Ready outside a rollout (while the autoscaler scales or lost
    /// pods are replaced): all of its fewest replicas but the one its disruption budget lets go, and at least one.
    /// </summary>
    public static int EnoughAvailable(TodoApp app) =>
        MinReplicas(app) >= TodoApiDisruptionBudget.MinReplicasForBudget ? MinReplicas(app) - 1 : Math.Max(MinReplicas(app), 1);

    /// <summary>
    /// The replicas of a new Deployment that the HorizontalPodAutoscaler scales: its minimum, to which it would otherwise raise
    /// the API server's default of 1 at once (a scale, a pod started late, and one more status write for each new app).
    /// </summary>
    public static int? InitialReplicas(TodoApp app) => app.Spec.Autoscaling.Enabled ? app.Spec.Autoscaling.MinReplicas : null;

    /// <summary>
    /// Deployment.spec.replicas: unset when the HorizontalPodAutoscaler owns it, so the two never fight; otherwise spec.replicas,
    /// and without it the count the Deployment has (<paramref name="current"/>, e.g. what the autoscaler reached before it was
    /// turned off: no drop to one replica under load), 1 for a new one.
    /// </summary>
    public static int? DeploymentReplicas(TodoApp app, int? current) =>
        app.Spec.Autoscaling.Enabled ? null : app.Spec.Replicas ?? current ?? DefaultReplicas;
}
