namespace Todo.Operator.Reconciliation;

/// <summary>A step of the reconcile failed against the API server; <see cref="Failure"/> says which and why, for the status.</summary>
internal sealed class ReconcileStepException(ReconcileFailure failure, Exception inner) : Exception(failure.Message, inner)
{
    public ReconcileFailure Failure { get; } = failure;
}
