using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Backups;

/// <summary>The TodoApp reconcile carries out its backup schedule: a backup per slot, keep, a requeue at the next slot, the last success.</summary>
public sealed class BackupScheduleReconcileTests
{
    private static readonly ResourceType BackupType = ResourceType.Of<TodoAppBackup>();

    private readonly ReconcilerHarness harness = new(new ResourceCatalog(
    [
        .. TodoAppWorkflow.Children.Select(child => child.Kind.Declared with { Version = child.Kind.Versions[0] }),
        RedisDataClaims.Type,
        ResourceType.Of<TodoApp>(),
        BackupType,
    ]));

    [Fact]
    public async Task A_scheduled_app_gets_the_backup_of_the_slot_and_is_looked_at_again_at_the_next_one()
    {
        var app = App("*/15 * * * *", keep: 2);
        harness.Time.Advance(TimeSpan.FromMinutes(20));

        var result = await harness.ReconcileAsync(app);

        var backup = Assert.IsType<TodoAppBackup>(harness.Server.Find(BackupType, TestApps.Namespace, "shop-20261201-0815"), exactMatch: false);
        Assert.Equal(TestApps.Name, backup.Spec.TodoApp);
        Assert.Equal(TimeSpan.FromMinutes(10), result.RequeueAfter);

        // The same slot again (a restart, a second replica): nothing more.
        var writes = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);
        Assert.DoesNotContain(harness.WritesSince(writes), write => write.Contains("TodoAppBackup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Completed_backups_beyond_keep_are_deleted_and_the_newest_success_is_in_the_status()
    {
        var app = App("0 * * * *", keep: 1);
        harness.Server.Seed(Completed("shop-20261201-0600", 6));
        harness.Server.Seed(Completed("shop-20261201-0700", 7));
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.ReconcileAsync(app);

        Assert.Null(harness.Server.Find(BackupType, TestApps.Namespace, "shop-20261201-0600"));
        Assert.NotNull(harness.Server.Find(BackupType, TestApps.Namespace, "shop-20261201-0700"));
        Assert.NotNull(harness.Server.Find(BackupType, TestApps.Namespace, "shop-20261201-0800"));
        Assert.Equal(("shop-20261201-0700", new DateTime(2026, 12, 1, 7, 1, 0, DateTimeKind.Utc)), (app.Status?.LastBackup?.Name, app.Status?.LastBackup?.CompletedAt));
    }

    [Fact]
    public async Task A_paused_app_takes_no_scheduled_backup()
    {
        var app = App("* * * * *", keep: 1);
        app.Spec.Paused = true;
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.ReconcileAsync(app);

        Assert.DoesNotContain(harness.Server.Writes, write => write.Contains("TodoAppBackup", StringComparison.Ordinal));
    }

    private static TodoApp App(string schedule, int keep)
    {
        var app = TestApps.Create(spec => spec.Redis.Backup = new RedisBackupSpec { Schedule = schedule, Keep = keep });
        app.Metadata.CreationTimestamp = new DateTime(2026, 12, 1, 5, 0, 0, DateTimeKind.Utc);
        return app;
    }

    private static TodoAppBackup Completed(string name, int hour)
    {
        var backup = BackupTests.Backup(name);
        backup.Metadata.OwnerReferences = [ChildMetadata.OwnerReference(TestApps.Create())];
        backup.Status = new TodoAppBackupStatus
        {
            Phase = BackupPhase.Completed,
            CompletedAt = new DateTime(2026, 12, 1, hour, 1, 0, DateTimeKind.Utc),
            TodoAppUid = TestApps.Uid,
        };
        return backup;
    }
}
