using k8s;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Backups.Schedule;

/// <summary>
/// Carries out <see cref="BackupSchedulePlan"/>: creates the backup of the latest slot (the TodoAppBackup controller takes
/// it from there) and deletes the scheduled backups beyond <c>keep</c>; their files go with the app's next backup Job
/// (<see cref="BackupJob"/>). The reconciler looks again at the next slot (<see cref="Delay"/>). Nothing while paused.
/// </summary>
internal sealed class BackupScheduleStep : AppStep
{
    private static readonly ResourceType BackupType = ResourceType.Of<TodoAppBackup>();
    private static readonly ResourceType AppType = ResourceType.Of<TodoApp>();

    public override string FailureReason => "BackupScheduleFailed";

    public override string Describe(TodoApp app) => $"The backup schedule '{app.Spec.Redis.Backup?.Schedule}'";

    public override bool IsWanted(TodoApp app) => Schedule(app) is not null;

    /// <summary>How long until the app's next scheduled backup, or null without a schedule.</summary>
    public static TimeSpan? Delay(TodoApp app, DateTime now) =>
        Schedule(app) is { } schedule ? schedule.Next(now) - now : null;

    public static CronSchedule? Schedule(TodoApp app) =>
        app.Spec.Redis.Backup?.Schedule is { } expression ? CronSchedule.Parse(expression).Schedule : null;

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (!context.ChangesAllowed || Schedule(app) is not { } schedule)
        {
            return MemberOutcome.Ready;
        }

        var ns = app.Metadata.NamespaceProperty;
        var backups = context.CachedList(BackupType, ns).Select(ObjectCopy.As<TodoAppBackup>).ToList();
        var apps = context.CachedList(AppType, ns).Select(ObjectCopy.As<TodoApp>);
        var plan = BackupSchedulePlan.Of(app, schedule, backups, apps, context.Service<TimeProvider>().GetUtcNow().UtcDateTime);
        foreach (var name in plan.Delete)
        {
            await context.Client.DeleteAsync(BackupType, ns, name, cancellationToken);
            context.Changes.Add("BackupPruned", "Deleted", $"TodoAppBackup {name} (beyond keep: {app.Spec.Redis.Backup!.Keep})");
        }

        if (plan.Create is { } backup)
        {
            try
            {
                await context.Client.CreateAsync(BackupType, backup, cancellationToken);
                context.Changes.Add("BackupScheduled", "Created", $"TodoAppBackup {backup.Metadata.Name}");
            }
            catch (KubernetesException e) when (e.Status?.Code is 409)
            {
                // Another replica, or this one before a restart, created the backup of this slot: one per slot, as wanted.
            }
        }

        return MemberOutcome.Ready;
    }
}
