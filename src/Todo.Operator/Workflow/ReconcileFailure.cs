namespace Todo.Operator.Workflow;

/// <summary>
/// A failure found while reconciling a valid spec (a referenced Secret is missing, the API server rejected a child...),
/// reported in the conditions while the loop retries. <paramref name="NeedsAction"/>: retrying cannot fix it (the API
/// server finds a child invalid or forbidden, a password Redis cannot hold), so it is Degraded at once; any other failure is
/// Degraded only once it has lasted <see cref="Reconciliation.StatusBuilder.FailureGracePeriod"/>.
/// </summary>
internal sealed record ReconcileFailure(string Reason, string Message, bool NeedsAction = false);
