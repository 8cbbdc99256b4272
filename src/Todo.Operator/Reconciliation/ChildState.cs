using Todo.Operator.Children;

namespace Todo.Operator.Reconciliation;

/// <summary>The readiness of one wanted child as the reconciler found it (a missing child is not ready).</summary>
internal sealed record ChildState(string Name, ChildReadiness Readiness);
