namespace Todo.Operator.Reconciliation;

/// <summary>What one reconcile learned, from which <see cref="StatusBuilder"/> derives the status.</summary>
internal sealed record StatusInputs
{
    public IReadOnlyList<SpecProblem> Problems { get; init; } = [];

    public IReadOnlyList<ChildState> Children { get; init; } = [];

    public ReconcileFailure? Failure { get; init; }

    /// <summary>Replica counts of the API Deployment, when it was observed.</summary>
    public int? Replicas { get; init; }

    public int? ReadyReplicas { get; init; }
}
