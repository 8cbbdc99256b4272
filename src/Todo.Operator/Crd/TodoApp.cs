using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.Crd;

/// <summary>
/// A TODO application as the operator reads it: the hub, the one model the reconciler, the children and the validator
/// use, apart from the versions the CRD serves (<see cref="V1Alpha1"/>, <see cref="V1Beta1"/>: each a thin shape plus its
/// conversion). On the wire it is the storage version, v1beta1, so the operator never needs the conversion webhook to
/// read or write it; <see cref="StorageVersionSpecConverter"/> turns that version's spec into the hub's and back.
/// </summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
internal sealed class TodoApp : IKubernetesObject<V1ObjectMeta>, ISpec<TodoAppSpec>, IStatus<TodoAppStatus?>
{
    public const string Group = "todo.gitops.dev";

    /// <summary>The version the operator reads and writes: the storage version.</summary>
    public const string Version = V1Beta1.TodoApp.Version;
    public const string KindName = "TodoApp";
    public const string Plural = "todoapps";

    /// <summary>The CRD's name.</summary>
    public const string CustomResourceDefinitionName = $"{Plural}.{Group}";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [JsonConverter(typeof(StorageVersionSpecConverter))]
    public TodoAppSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TodoAppStatus? Status { get; set; }
}
