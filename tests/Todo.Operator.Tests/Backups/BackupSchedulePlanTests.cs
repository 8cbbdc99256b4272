using Todo.Operator.Backups.Crd;
using Todo.Operator.Backups.Schedule;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Tests.Support;
using static Todo.Operator.Tests.Backups.BackupTests;

namespace Todo.Operator.Tests.Backups;

/// <summary>What a schedule asks for at a given time, with the clock given: one backup per slot, keep, never a restore's source.</summary>
public sealed class BackupSchedulePlanTests
{
    private static readonly DateTime Created = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 12, 5, 3, 0, 20, DateTimeKind.Utc);
    private static readonly CronSchedule Daily = CronSchedule.Parse("0 3 * * *").Schedule!;

    [Fact]
    public void At_a_slot_the_backup_of_that_slot_is_created_owned_by_the_app_and_named_after_the_slot()
    {
        var plan = BackupSchedulePlan.Of(App(), Daily, [], [], Now);

        var backup = plan.Create!;
        Assert.Equal(("shop-20261205-0300", TestApps.Namespace, TestApps.Name), (backup.Metadata.Name, backup.Metadata.NamespaceProperty, backup.Spec.TodoApp));
        var owner = Assert.Single(backup.Metadata.OwnerReferences);
        Assert.Equal((TestApps.Uid, "TodoApp", true), (owner.Uid, owner.Kind, owner.Controller));
        Assert.Equal(new DateTime(2026, 12, 6, 3, 0, 0, DateTimeKind.Utc), plan.NextRun);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void A_slot_that_has_its_backup_in_any_phase_gets_no_second_one()
    {
        foreach (var phase in (BackupPhase?[])[null, BackupPhase.Running, BackupPhase.Failed, BackupPhase.Completed])
        {
            Assert.Null(BackupSchedulePlan.Of(App(), Daily, [Scheduled("shop-20261205-0300", phase)], [], Now).Create);
        }
    }

    [Fact]
    public void After_a_stop_only_the_latest_missed_slot_is_made_up_for()
    {
        var plan = BackupSchedulePlan.Of(App(), Daily, [Scheduled("shop-20261202-0300", BackupPhase.Completed)], [], Now.AddHours(13));

        Assert.Equal("shop-20261205-0300", plan.Create?.Metadata.Name);
    }

    [Fact]
    public void A_slot_before_the_app_was_created_is_not_its_own()
    {
        var app = App();
        app.Metadata.CreationTimestamp = Now;

        Assert.Null(BackupSchedulePlan.Of(app, Daily, [], [], Now.AddHours(23)).Create);
        Assert.Equal("shop-20261206-0300", BackupSchedulePlan.Of(app, Daily, [], [], Now.AddHours(24)).Create?.Metadata.Name);
    }

    [Fact]
    public void Completed_backups_beyond_keep_are_deleted_oldest_first_and_unfinished_ones_never()
    {
        var backups = new[]
        {
            Scheduled("shop-20261201-0300", BackupPhase.Completed),
            Scheduled("shop-20261202-0300", BackupPhase.Completed),
            Scheduled("shop-20261203-0300", BackupPhase.Completed),
            Scheduled("shop-20261204-0300", BackupPhase.Completed),
            Scheduled("shop-20261205-0300", BackupPhase.Running),
        };

        var plan = BackupSchedulePlan.Of(App(keep: 2), Daily, backups, [], Now);

        Assert.Equal(["shop-20261201-0300", "shop-20261202-0300"], plan.Delete);
    }

    [Fact]
    public void Failed_backups_go_once_a_later_one_completed()
    {
        var backups = new[]
        {
            Scheduled("shop-20261202-0300", BackupPhase.Failed),
            Scheduled("shop-20261203-0300", BackupPhase.Completed),
            Scheduled("shop-20261204-0300", BackupPhase.Failed),
        };

        Assert.Equal(["shop-20261202-0300"], BackupSchedulePlan.Of(App(keep: 3), Daily, backups, [], Now).Delete);
    }

    [Fact]
    public void Backups_on_demand_other_apps_backups_and_a_restores_source_are_never_pruned()
    {
        var source = Scheduled("shop-20261201-0300", BackupPhase.Completed);
        var onDemand = Backup("before-upgrade", BackupPhase.Completed);
        var otherApp = Scheduled("shop-20261201-0400", BackupPhase.Completed);
        otherApp.Metadata.OwnerReferences[0].Uid = "another-uid";
        var restoring = TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = source.Metadata.Name });
        restoring.Metadata.Name = "shop-restored";

        var plan = BackupSchedulePlan.Of(
            App(keep: 1), Daily, [source, onDemand, otherApp, Scheduled("shop-20261203-0300", BackupPhase.Completed)], [restoring], Now);

        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void The_last_success_is_the_newest_completed_backup_of_this_very_app()
    {
        var older = Completed("shop-a", Now.AddDays(-2), TestApps.Uid);
        var newer = Completed("manual", Now.AddDays(-1), TestApps.Uid);
        var ofEarlierApp = Completed("shop-b", Now, "an-earlier-uid");

        Assert.Equal("manual", BackupSchedulePlan.LastSuccess(App(), [older, newer, ofEarlierApp, Backup("running", BackupPhase.Running)])?.Metadata.Name);
    }

    private static TodoApp App(int keep = RedisBackupSpec.DefaultKeep)
    {
        var app = TestApps.Create(spec => spec.Redis.Backup = new RedisBackupSpec { Schedule = "0 3 * * *", Keep = keep });
        app.Metadata.CreationTimestamp = Created;
        return app;
    }

    private static TodoAppBackup Scheduled(string name, BackupPhase? phase)
    {
        var backup = Backup(name, phase);
        backup.Metadata.OwnerReferences = [ChildMetadata.OwnerReference(App())];
        return backup;
    }

    private static TodoAppBackup Completed(string name, DateTime at, string uid)
    {
        var backup = Backup(name);
        backup.Status = new TodoAppBackupStatus { Phase = BackupPhase.Completed, CompletedAt = at, TodoAppUid = uid };
        return backup;
    }
}
