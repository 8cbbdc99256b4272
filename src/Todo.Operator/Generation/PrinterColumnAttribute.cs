namespace Todo.Operator.Generation;

/// <summary>A column `kubectl get` shows for the custom resource.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; init; }

    /// <summary>0 shows the column by default; higher values only with `-o wide`.</summary>
    public int Priority { get; init; }
}
