namespace Todo.Operator.Generation;

/// <summary>Enables the scale subresource (`kubectl scale`, HPA targeting) at these JSON paths.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath, string labelSelectorPath) : Attribute
{
    public string SpecReplicasPath { get; } = specReplicasPath;

    public string StatusReplicasPath { get; } = statusReplicasPath;

    public string LabelSelectorPath { get; } = labelSelectorPath;
}
