using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Generation;

namespace Todo.Operator.Backups.Crd;

/// <summary>
/// A request for one snapshot of a TodoApp's Redis, and its record once taken (CloudNativePG's <c>Backup</c>): the operator
/// runs it once, and a new TodoApp can start from it (<c>spec.redis.restore.fromBackup</c>). A new kind, so served and
/// stored in v1beta1 only, with no conversion.
/// </summary>
[KubernetesEntity(Group = TodoApp.Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
[Description("One snapshot of a TodoApp's Redis data (an RDB file and its SHA-256 on the app's backup volume), taken once when created.")]
[ResourceNames(Categories = ["todo"])]
[PrinterColumn("App", "string", ".spec.todoApp", Description = "The TodoApp whose data is backed up.")]
[PrinterColumn("Phase", "string", ".status.phase", Description = "Pending, Running, Completed or Failed.")]
[PrinterColumn("Size", "integer", ".status.sizeBytes", Description = "Bytes of the RDB file.")]
[PrinterColumn("File", "string", ".status.file", Description = "The RDB file on the backup volume.")]
[PrinterColumn("Redis", "string", ".status.redisVersion", Description = "The Redis version that wrote the snapshot.")]
[PrinterColumn("Source", "string", ".status.source", Description = "In Sentinel mode, the replica the snapshot was taken from.")]
[PrinterColumn("Reason", "string", ".status.reason", Description = "Why the backup waits or failed.", Priority = 1)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
internal sealed class TodoAppBackup : IKubernetesObject<V1ObjectMeta>, ISpec<TodoAppBackupSpec>, IStatus<TodoAppBackupStatus?>
{
    public const string Version = "v1beta1";
    public const string KindName = "TodoAppBackup";
    public const string Plural = "todoappbackups";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{TodoApp.Group}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TodoAppBackupSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TodoAppBackupStatus? Status { get; set; }
}
