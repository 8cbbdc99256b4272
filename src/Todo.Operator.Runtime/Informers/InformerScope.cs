namespace Todo.Operator.Runtime.Informers;

/// <summary>What one informer caches: a resource type, optionally narrowed to a namespace and a label selector.</summary>
public sealed record InformerScope(ResourceType Type, string? Namespace = null, string? LabelSelector = null)
{
    public override string ToString() =>
        $"{Type}{(string.IsNullOrEmpty(Namespace) ? string.Empty : $" in {Namespace}")}{(string.IsNullOrEmpty(LabelSelector) ? string.Empty : $" [{LabelSelector}]")}";
}
