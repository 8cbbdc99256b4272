using Todo.Operator.Backups.Schedule;
using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>The checks of <c>spec.redis.backup</c>, the scheduled backups.</summary>
internal static partial class SpecValidator
{
    /// <summary>A schedule the operator cannot read would never run: refused at admission, not found out when no backup comes.</summary>
    private static void CheckBackup(List<SpecProblem> problems, RedisBackupSpec? backup)
    {
        if (backup is null)
        {
            return;
        }

        if (backup.Schedule is { } schedule && CronSchedule.Parse(schedule).Problem is { } problem)
        {
            problems.Add(new("spec.redis.backup.schedule", "InvalidBackupSchedule", $"{problem[..1].ToUpperInvariant()}{problem[1..]}"));
        }

        if (backup.Keep is < 1 or > RedisBackupSpec.MaxKeep)
        {
            problems.Add(new("spec.redis.backup.keep", "InvalidBackupSchedule",
                $"keep is {backup.Keep}; keep 1 to {RedisBackupSpec.MaxKeep} completed backups."));
        }
    }
}
