using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Backups.Schedule;

/// <summary>
/// For each TodoApp with a backup schedule: <c>todo_operator_backup_schedule_interval_seconds</c> (the longest gap between
/// two of its runs), <c>todo_operator_backup_schedule_start_timestamp_seconds</c> (when the app was created: what a first
/// backup is late against) and, once one completed, <c>todo_operator_backup_last_success_timestamp_seconds</c>
/// (<c>status.lastBackup</c>). Read at each scrape from the cached TodoApps, as <see cref="Reconciliation.AppConditionMetric"/>
/// is, so every instance exports the stored state and a deleted app's series go with it. The TodoAppBackupStale alert
/// compares them.
/// </summary>
internal sealed class BackupScheduleMetric : IHostedService
{
    public const string LastSuccessName = "todo_operator_backup_last_success_timestamp_seconds";
    public const string IntervalName = "todo_operator_backup_schedule_interval_seconds";
    public const string StartName = "todo_operator_backup_schedule_start_timestamp_seconds";

    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    private readonly IInformerCache cache;
    private readonly TimeProvider time;
    private readonly CollectorRegistry registry;
    private readonly Gauge lastSuccess;
    private readonly Gauge interval;
    private readonly Gauge start;
    private readonly Lock gate = new();
    private HashSet<(string Namespace, string Name)> exported = [];

    public BackupScheduleMetric(IInformerCache cache, TimeProvider time)
        : this(cache, time, Metrics.DefaultRegistry)
    {
    }

    internal BackupScheduleMetric(IInformerCache cache, TimeProvider time, CollectorRegistry registry)
    {
        this.cache = cache;
        this.time = time;
        this.registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        lastSuccess = factory.CreateGauge(LastSuccessName, "When the newest backup of each TodoApp with a backup schedule completed, in Unix seconds.", "namespace", "todoapp");
        interval = factory.CreateGauge(IntervalName, "The longest gap between two runs of each TodoApp's backup schedule, in seconds.", "namespace", "todoapp");
        start = factory.CreateGauge(StartName, "When each TodoApp with a backup schedule was created, in Unix seconds: its first backup is due from then.", "namespace", "todoapp");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(Update);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets the series from the cached TodoApps and removes those of apps that are gone or have no schedule now.</summary>
    public void Update()
    {
        if (!cache.Synced.Contains(TodoApps))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            var current = new HashSet<(string Namespace, string Name)>();
            foreach (var app in cache.List(TodoApps).Select(ObjectCopy.As<TodoApp>))
            {
                if (BackupScheduleStep.Schedule(app) is not { } schedule)
                {
                    continue;
                }

                var key = (Namespace: app.Metadata.NamespaceProperty, app.Metadata.Name);
                current.Add(key);
                interval.WithLabels(key.Namespace, key.Name).Set(schedule.Interval(now).TotalSeconds);
                start.WithLabels(key.Namespace, key.Name).Set(UnixSeconds(app.Metadata.CreationTimestamp ?? now));
                if (app.Status?.LastBackup is { } last)
                {
                    lastSuccess.WithLabels(key.Namespace, key.Name).Set(UnixSeconds(last.CompletedAt));
                }
                else
                {
                    lastSuccess.RemoveLabelled(key.Namespace, key.Name);
                }
            }

            foreach (var (ns, name) in exported.Except(current))
            {
                foreach (var gauge in (Gauge[])[lastSuccess, interval, start])
                {
                    gauge.RemoveLabelled(ns, name);
                }
            }

            exported = current;
        }
    }

    private static double UnixSeconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
