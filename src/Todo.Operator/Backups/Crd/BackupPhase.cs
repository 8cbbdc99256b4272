using System.Text.Json.Serialization;

namespace Todo.Operator.Backups.Crd;

/// <summary>Where a backup stands; Completed and Failed are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackupPhase>))]
internal enum BackupPhase
{
    Pending,
    Running,
    Completed,
    Failed,
}
