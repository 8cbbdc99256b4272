using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.Api.V1Alpha1;

/// <summary>A TODO application: the API, its Redis, and how they are exposed and scaled.</summary>
internal sealed class TodoApp : IKubernetesObject<V1ObjectMeta>, ISpec<TodoAppSpec>, IStatus<TodoAppStatus?>
{
    public const string Group = "todo.gitops.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "TodoApp";
    public const string Plural = "todoapps";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TodoAppSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TodoAppStatus? Status { get; set; }
}
