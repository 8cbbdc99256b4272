using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd.V1Beta1;

/// <summary>
/// A TODO application as todo.gitops.dev/v1beta1 serves it: the storage version, and the one the operator reads and
/// writes (<see cref="Crd.TodoApp"/>). The schema of the CRD's v1beta1 is generated from this shape.
/// </summary>
[StorageVersion]
[KubernetesEntity(Group = Crd.TodoApp.Group, ApiVersion = Version, Kind = Crd.TodoApp.KindName, PluralName = Crd.TodoApp.Plural)]
[Description("A TODO application: the TODO web API, its Redis, and how they are exposed, scaled and isolated.")]
[ResourceNames(ShortNames = ["todo"], Categories = ["todo"])]
[ScaleSubresource(".spec.replicas", ".status.replicas", ".status.labelSelector")]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Description = "Whether every child of the application is ready.")]
[PrinterColumn("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Description = "Why the application is or is not ready.", Priority = 1)]
[PrinterColumn("URL", "string", ".status.url", Description = "Where the application is reachable.")]
[PrinterColumn("Replicas", "integer", ".status.readyReplicas", Description = "API pods that are ready.")]
[PrinterColumn("Primary", "string", ".status.redis.primary", Description = "Sentinel mode: the Redis data pod the Sentinels name the primary.", Priority = 1)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
internal sealed class TodoApp : IKubernetesObject<V1ObjectMeta>, ISpec<TodoAppSpec>, IStatus<TodoAppStatus?>
{
    public const string Version = "v1beta1";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Crd.TodoApp.Group}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = Crd.TodoApp.KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TodoAppSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TodoAppStatus? Status { get; set; }
}
