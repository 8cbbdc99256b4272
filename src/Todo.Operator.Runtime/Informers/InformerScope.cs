namespace Todo.Operator.Runtime.Informers;

/// <summary>What one informer caches: a resource type, optionally narrowed to a namespace, a label and a field selector.</summary>
public sealed record InformerScope(ResourceType Type, string? Namespace = null, string? LabelSelector = null, string? FieldSelector = null)
{
    public override string ToString() =>
        $"{Type}{(string.IsNullOrEmpty(Namespace) ? string.Empty : $" in {Namespace}")}{(string.IsNullOrEmpty(LabelSelector) ? string.Empty : $" [{LabelSelector}]")}"
        + (string.IsNullOrEmpty(FieldSelector) ? string.Empty : $" [{FieldSelector}]");
}
