using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Tests;

/// <summary>A kind that comes with a CRD, so a cluster may or may not serve it.</summary>
[KubernetesEntity(Group = "widgets.example.com", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
internal sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "widgets.example.com/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
