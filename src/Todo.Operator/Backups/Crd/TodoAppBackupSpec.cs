using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Backups.Crd;

/// <summary>What to back up.</summary>
[Description("What to back up.")]
internal sealed class TodoAppBackupSpec
{
    [JsonPropertyName("todoApp")]
    [Required]
    [MinimumLength(1)]
    [Description("The TodoApp, in the backup's namespace, whose Redis data is snapshotted. Read once, when the backup starts.")]
    public string TodoApp { get; set; } = string.Empty;
}
