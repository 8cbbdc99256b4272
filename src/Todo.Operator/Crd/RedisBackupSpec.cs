using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd;

/// <summary>
/// Scheduled backups of the app's Redis (CloudNativePG's <c>ScheduledBackup</c>, folded into the app): at each time of the
/// schedule the operator creates a TodoAppBackup owned by the app, and keeps the newest <see cref="Keep"/> completed ones.
/// </summary>
[Description("Scheduled backups: at each time of the schedule the operator creates a TodoAppBackup owned by this app, named "
    + "<app>-<yyyyMMdd-HHmm>, and deletes completed ones beyond keep (oldest first), their files with them.")]
internal sealed class RedisBackupSpec
{
    public const int DefaultKeep = 7;

    /// <summary>Enough for a backup every hour for four days; each one is a file as large as the data on the backup claim.</summary>
    public const int MaxKeep = 100;

    [JsonPropertyName("schedule")]
    [MinimumLength(1)]
    [Description("A standard 5-field cron expression in UTC (minute hour day-of-month month day-of-week), e.g. '0 3 * * *' for "
        + "03:00 every day. Without it no backup is scheduled.")]
    public string? Schedule { get; set; }

    [JsonPropertyName("keep")]
    [Range(1, MaxKeep)]
    [Description("How many completed scheduled backups are kept; older ones are deleted, and their files on the backup claim with "
        + "the next backup. Defaults to 7.")]
    public int Keep { get; set; } = DefaultKeep;
}
