using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.IntegrationTests.Smoke.Widgets;

/// <summary>A throwaway custom resource, so the smoke tests do not depend on the real TodoApp CRD.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = $"{WidgetDefinition.Group}/{WidgetDefinition.Version}";

    public string Kind { get; set; } = WidgetDefinition.Kind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public WidgetSpec Spec { get; set; } = new();
}

public sealed class WidgetSpec
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Size { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }
}

public sealed class WidgetList : IKubernetesObject<V1ListMeta>, IItems<Widget>
{
    public string ApiVersion { get; set; } = $"{WidgetDefinition.Group}/{WidgetDefinition.Version}";

    public string Kind { get; set; } = $"{WidgetDefinition.Kind}List";

    public V1ListMeta Metadata { get; set; } = new();

    public IList<Widget> Items { get; set; } = [];
}
