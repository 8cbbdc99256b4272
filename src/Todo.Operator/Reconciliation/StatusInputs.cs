using k8s;
using k8s.Models;
using Todo.Operator.Children;

namespace Todo.Operator.Reconciliation;

/// <summary>What one reconcile learned, from which <see cref="StatusBuilder"/> derives the status.</summary>
internal sealed record StatusInputs
{
    public IReadOnlyList<SpecProblem> Problems { get; init; } = [];

    public IReadOnlyList<ChildState> Children { get; init; } = [];

    /// <summary>Wanted children the cluster cannot hold (their API is not served), each as a sentence saying so.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    public ReconcileFailure? Failure { get; init; }

    /// <summary>Replica counts of the API Deployment, when it was observed.</summary>
    public int? Replicas { get; init; }

    public int? ReadyReplicas { get; init; }

    /// <summary>
    /// The wanted children as they now stand (null: missing); the replica counts are those of the one Deployment
    /// among them, the TODO API's, found by its model type as JOSDK's <c>getSecondaryResource(Deployment.class)</c> does.
    /// </summary>
    public static StatusInputs Of(IReadOnlyList<ObservedChild> children, IReadOnlyList<string> unavailable)
    {
        var deployment = children.Select(child => child.Observed).OfType<V1Deployment>().SingleOrDefault();
        return new StatusInputs
        {
            Children = [.. children.Select(child => child.State)],
            Unavailable = unavailable,
            Replicas = deployment is null ? null : deployment.Status?.Replicas ?? 0,
            ReadyReplicas = deployment is null ? null : deployment.Status?.ReadyReplicas ?? 0,
        };
    }
}

/// <summary>The readiness of one wanted child as the reconciler found it (a missing child is not ready).</summary>
internal sealed record ChildState(string Name, ChildReadiness Readiness);

/// <summary>
/// A wanted child with the object the cluster holds for it, or null when there is none; <paramref name="Pending"/> says
/// why it is not ready whatever its own readiness (it does not hold the current spec, and the app is paused).
/// </summary>
internal sealed record ObservedChild(PlannedChild Planned, IKubernetesObject<V1ObjectMeta>? Observed, string? Pending = null)
{
    public ChildState State => new(
        Planned.Child.Name,
        Observed is null
            ? ChildReadiness.NotReady($"{Planned.Type.Kind} {Planned.Name} does not exist.")
            : Pending is { } pending ? ChildReadiness.NotReady(pending) : Planned.Child.Readiness(Observed));
}

/// <summary>
/// Why a spec cannot be reconciled: the field at fault, a CamelCase reason for programs (the condition
/// reason, the event reason) and a message that tells a human what to change.
/// </summary>
internal sealed record SpecProblem(string Field, string Reason, string Message);

/// <summary>
/// A failure found while reconciling a valid spec (a referenced Secret is missing, the API server
/// rejected a child...), reported in the conditions while the loop retries. <paramref name="NeedsAction"/>: retrying
/// cannot fix it (the API server finds a child invalid or forbidden, a password Redis cannot hold), so it is Degraded at
/// once; any other failure is Degraded only once it has lasted <see cref="StatusBuilder.FailureGracePeriod"/>.
/// </summary>
internal sealed record ReconcileFailure(string Reason, string Message, bool NeedsAction = false);

/// <summary>A step of the reconcile failed against the API server; <see cref="Failure"/> says which and why, for the status.</summary>
internal sealed class ReconcileStepException(ReconcileFailure failure, Exception inner) : Exception(failure.Message, inner)
{
    public ReconcileFailure Failure { get; } = failure;
}
