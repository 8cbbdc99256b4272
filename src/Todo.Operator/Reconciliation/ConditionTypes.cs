namespace Todo.Operator.Reconciliation;

/// <summary>The condition types of a TodoApp, per the Kubernetes API conventions.</summary>
internal static class ConditionTypes
{
    /// <summary>The summary: everything is in place and serving.</summary>
    public const string Ready = "Ready";

    /// <summary>The operator is moving the children towards the spec.</summary>
    public const string Progressing = "Progressing";

    /// <summary>The spec cannot be reached (invalid spec, missing dependency, API errors) until someone acts.</summary>
    public const string Degraded = "Degraded";
}
