using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.Backups.Schedule;

/// <summary>
/// For each TodoApp with a backup schedule: <c>todo_operator_backup_schedule_interval_seconds</c> (the longest gap between
/// two of its runs), <c>todo_operator_backup_schedule_start_timestamp_seconds</c> (when the app was created: what a first
/// backup is late against) and, once one completed, <c>todo_operator_backup_last_success_timestamp_seconds</c>
/// (<c>status.lastBackup</c>). The TodoAppBackupStale alert compares them.
/// </summary>
internal sealed class BackupScheduleMetric : CachedAppMetric
{
    public const string LastSuccessName = "todo_operator_backup_last_success_timestamp_seconds";
    public const string IntervalName = "todo_operator_backup_schedule_interval_seconds";
    public const string StartName = "todo_operator_backup_schedule_start_timestamp_seconds";

    private readonly TimeProvider time;
    private readonly Gauge lastSuccess;
    private readonly Gauge interval;
    private readonly Gauge start;

    public BackupScheduleMetric(TimeProvider time)
        : this(time, Metrics.DefaultRegistry)
    {
    }

    internal BackupScheduleMetric(TimeProvider time, CollectorRegistry registry)
    {
        this.time = time;
        var factory = Metrics.WithCustomRegistry(registry);
        lastSuccess = factory.CreateGauge(LastSuccessName, "When the newest backup of each TodoApp with a backup schedule completed, in Unix seconds.", "namespace", "todoapp");
        interval = factory.CreateGauge(IntervalName, "The longest gap between two runs of each TodoApp's backup schedule, in seconds.", "namespace", "todoapp");
        start = factory.CreateGauge(StartName, "When each TodoApp with a backup schedule was created, in Unix seconds: its first backup is due from then.", "namespace", "todoapp");
    }

    protected override bool Export(TodoApp app)
    {
        if (BackupScheduleStep.Schedule(app) is not { } schedule)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (ns, name) = (app.Metadata.NamespaceProperty, app.Metadata.Name);
        interval.WithLabels(ns, name).Set(schedule.Interval(now).TotalSeconds);
        start.WithLabels(ns, name).Set(UnixSeconds(app.Metadata.CreationTimestamp ?? now));
        if (app.Status?.LastBackup is { } last)
        {
            lastSuccess.WithLabels(ns, name).Set(UnixSeconds(last.CompletedAt));
        }
        else
        {
            lastSuccess.RemoveLabelled(ns, name);
        }

        return true;
    }

    protected override void Remove(string ns, string name)
    {
        foreach (var gauge in (Gauge[])[lastSuccess, interval, start])
        {
            gauge.RemoveLabelled(ns, name);
        }
    }

    private static double UnixSeconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
