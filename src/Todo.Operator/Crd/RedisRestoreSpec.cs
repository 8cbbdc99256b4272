using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd;

/// <summary>
/// Where a new app's Redis takes its first data from (CloudNativePG's <c>bootstrap.recovery</c>): read once, when the app's
/// volume is still empty. An app that has data is never overwritten: the field is refused on an update.
/// </summary>
[Description("Start this new app's Redis from a backup. Only at creation: an app that already has data is never overwritten.")]
internal sealed class RedisRestoreSpec
{
    [JsonPropertyName("fromBackup")]
    [Required]
    [MinimumLength(1)]
    [Description("A Completed TodoAppBackup in the app's namespace; its file is verified (SHA-256, redis-check-rdb) before Redis starts on it.")]
    public string FromBackup { get; set; } = string.Empty;
}
