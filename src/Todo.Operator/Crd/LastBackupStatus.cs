using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>The app's newest Completed TodoAppBackup, kept in the status once the backup itself is deleted.</summary>
[Description("The newest backup of this app that completed.")]
internal sealed record LastBackupStatus
{
    [JsonPropertyName("name")]
    [Description("The TodoAppBackup (it may have been deleted since, by keep or by hand).")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("completedAt")]
    [Description("When it completed.")]
    public DateTime CompletedAt { get; init; }
}
