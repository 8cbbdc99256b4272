using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>The readiness of one wanted member as the reconcile found it (a missing or held-back child is not ready).</summary>
internal sealed record ChildState(string Name, ChildReadiness Readiness);
