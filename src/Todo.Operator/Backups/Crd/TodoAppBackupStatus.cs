using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Backups.Crd;

/// <summary>What the operator did with a backup request, written by the operator only.</summary>
[Description("The backup's progress and, once Completed, what was written where.")]
internal sealed record TodoAppBackupStatus
{
    [JsonPropertyName("phase")]
    [Description("Pending (waiting for the app's Redis or for another backup of the app), Running, Completed or Failed.")]
    public BackupPhase Phase { get; init; }

    [JsonPropertyName("reason")]
    [Description("A CamelCase reason for a Pending or Failed phase.")]
    // Written as null when the phase moves on: status is sent as a merge patch, where only an explicit null removes a field.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    [Description("What the reason means for this backup, in a sentence.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Message { get; init; }

    [JsonPropertyName("startedAt")]
    [Description("When the backup job was created.")]
    public DateTime? StartedAt { get; init; }

    [JsonPropertyName("completedAt")]
    [Description("When the operator saw the backup job finish.")]
    public DateTime? CompletedAt { get; init; }

    [JsonPropertyName("claim")]
    [Description("The PersistentVolumeClaim that holds the file: <todoApp>-backups, kept when the app is deleted.")]
    public string? Claim { get; init; }

    [JsonPropertyName("file")]
    [Description("The RDB file on that claim; <file>.sha256 next to it holds its checksum.")]
    public string? File { get; init; }

    [JsonPropertyName("sizeBytes")]
    [Description("The size of the RDB file in bytes.")]
    public long? SizeBytes { get; init; }

    [JsonPropertyName("sha256")]
    [Description("The SHA-256 of the RDB file, hex.")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("redisVersion")]
    [Description("The version of the Redis server the snapshot was taken from.")]
    public string? RedisVersion { get; init; }

    [JsonPropertyName("source")]
    [Description("In Sentinel mode, the data pod (a replica, never the primary) the snapshot was taken from.")]
    public string? Source { get; init; }

    [JsonPropertyName("todoAppUid")]
    [Description("The uid of the TodoApp the snapshot was taken from.")]
    public string? TodoAppUid { get; init; }
}
