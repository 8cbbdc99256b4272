namespace Todo.Operator.Reconciliation;

/// <summary>
/// A failure found while reconciling a valid spec (a referenced Secret is missing, the API server
/// rejected a child...), reported in the conditions while the loop retries.
/// </summary>
internal sealed record ReconcileFailure(string Reason, string Message);
