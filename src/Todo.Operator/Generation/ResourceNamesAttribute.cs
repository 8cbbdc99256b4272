namespace Todo.Operator.Generation;

/// <summary>Extra names of the custom resource: `kubectl get todo` and `kubectl get &lt;category&gt;`.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ResourceNamesAttribute : Attribute
{
    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];
}
