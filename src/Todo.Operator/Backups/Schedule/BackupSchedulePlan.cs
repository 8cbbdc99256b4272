using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;

namespace Todo.Operator.Backups.Schedule;

/// <summary>
/// What a TodoApp's backup schedule asks for now: the backup of the latest slot when there is none yet, the scheduled
/// backups beyond <c>keep</c> to delete, and when to look again. Pure, with the time given: the same inputs give the same
/// plan on every replica, and the backup's name comes from its slot, so two replicas or a restart create one per slot.
/// </summary>
internal sealed record BackupSchedulePlan(TodoAppBackup? Create, IReadOnlyList<string> Delete, DateTime NextRun)
{
    /// <summary>The format of a slot in a scheduled backup's name: to the minute, sortable, valid in a DNS label.</summary>
    public const string SlotFormat = "yyyyMMdd-HHmm";

    public static string Name(TodoApp app, DateTime slot) =>
        $"{app.Metadata.Name}-{slot.ToString(SlotFormat, System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The plan for <paramref name="app"/>, whose schedule is <paramref name="schedule"/>, among the TodoAppBackups and the
    /// TodoApps of its namespace. Only the latest slot is made up for: after a long stop the operator takes one backup, not
    /// one per missed slot; a slot before the app existed is none of its own.
    /// </summary>
    public static BackupSchedulePlan Of(
        TodoApp app, CronSchedule schedule, IReadOnlyCollection<TodoAppBackup> backups, IEnumerable<TodoApp> apps, DateTime now)
    {
        var since = app.Metadata.CreationTimestamp ?? now;
        var slot = schedule.Latest(now, since);
        var create = slot is { } due && backups.All(backup => backup.Metadata.Name != Name(app, due)) ? Build(app, due) : null;
        return new(create, Pruned(app, backups, apps), schedule.Next(now));
    }

    /// <summary>
    /// The app's own scheduled backups to delete: completed ones beyond <c>keep</c>, oldest first, and failed ones older than
    /// the newest completed one (a later success supersedes them). Never an unfinished one, nor one a TodoApp restores from:
    /// its file may be read by a restore at any time.
    /// </summary>
    public static IReadOnlyList<string> Pruned(TodoApp app, IEnumerable<TodoAppBackup> backups, IEnumerable<TodoApp> apps)
    {
        var restoredFrom = apps.Select(other => other.Spec.Redis.Restore?.FromBackup).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var own = backups
            .Where(backup => IsScheduledBy(backup, app) && !restoredFrom.Contains(backup.Metadata.Name))
            .OrderByDescending(backup => backup.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var completed = own.Where(backup => backup.Status?.Phase is BackupPhase.Completed).ToList();
        var newestCompleted = completed.FirstOrDefault()?.Metadata.Name;
        var failed = own.Where(backup => backup.Status?.Phase is BackupPhase.Failed
            && newestCompleted is not null && string.CompareOrdinal(backup.Metadata.Name, newestCompleted) < 0);
        return [.. completed.Skip(app.Spec.Redis.Backup?.Keep ?? RedisBackupSpec.DefaultKeep).Concat(failed).Select(backup => backup.Metadata.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>The newest Completed backup of this very app (by uid: not one of an earlier app of the same name), or null.</summary>
    public static TodoAppBackup? LastSuccess(TodoApp app, IEnumerable<TodoAppBackup> backups) =>
        backups
            .Where(backup => backup.Spec.TodoApp == app.Metadata.Name
                && backup.Status is { Phase: BackupPhase.Completed, CompletedAt: not null } status
                && status.TodoAppUid == app.Metadata.Uid)
            .MaxBy(backup => backup.Status!.CompletedAt);

    /// <summary>A backup the schedule of this very app created: owned by it.</summary>
    public static bool IsScheduledBy(TodoAppBackup backup, TodoApp app) =>
        backup.Metadata.OwnerReferences?.Any(owner => owner.Uid == app.Metadata.Uid) is true;

    private static TodoAppBackup Build(TodoApp app, DateTime slot) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = Name(app, slot),
            NamespaceProperty = app.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string> { [RedisDataClaims.AppLabel] = app.Metadata.Name },
            // Owned, so that the backups are listed as the app's and go with it; the claim with their files stays.
            OwnerReferences = [ChildMetadata.OwnerReference(app)],
        },
        Spec = new TodoAppBackupSpec { TodoApp = app.Metadata.Name },
    };
}
