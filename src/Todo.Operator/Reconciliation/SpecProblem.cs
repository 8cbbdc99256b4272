namespace Todo.Operator.Reconciliation;

/// <summary>
/// Why a spec cannot be reconciled: the field at fault, a CamelCase reason for programs (the condition
/// reason, the event reason) and a message that tells a human what to change.
/// </summary>
internal sealed record SpecProblem(string Field, string Reason, string Message);
