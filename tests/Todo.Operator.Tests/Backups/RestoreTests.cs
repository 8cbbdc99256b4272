using k8s.Models;
using Todo.Operator.Admission;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;
using static Todo.Operator.Tests.Backups.BackupTests;

namespace Todo.Operator.Tests.Backups;

/// <summary>A new app starts from a Completed backup; an app that has data is never overwritten.</summary>
public sealed class RestoreTests
{
    private static readonly TodoApp Restoring = TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "nightly" });

    private static TodoAppBackup Completed()
    {
        var backup = Backup("nightly", app: "old-shop");
        backup.Status = new TodoAppBackupStatus { Phase = BackupPhase.Completed, Claim = "old-shop-backups", File = "nightly.rdb" };
        return backup;
    }

    [Fact]
    public void A_new_app_restores_from_the_completed_backups_file_on_its_claim()
    {
        var (source, failure) = RedisRestoreSource.Decide(Restoring, "nightly", Completed(), redis: null, RedisClaims.None);

        Assert.Null(failure);
        Assert.Equal(new RestoreSource("nightly", "old-shop-backups", "nightly.rdb", "old-shop"), source);
    }

    [Fact]
    public void A_redis_made_by_this_restore_goes_on_with_it()
    {
        var redis = StatefulSet(restoredFrom: "nightly");
        var claim = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data-shop-redis-0" } };

        var (source, failure) = RedisRestoreSource.Decide(Restoring, "nightly", Completed(), redis, new RedisClaims([claim]));

        Assert.Null(failure);
        Assert.NotNull(source);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_restore_over_an_existing_redis_or_volume_is_refused(bool redisExists, bool claimExists)
    {
        var claims = claimExists ? new RedisClaims([new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data-shop-redis-0" } }]) : RedisClaims.None;

        var (source, failure) = RedisRestoreSource.Decide(Restoring, "nightly", Completed(), redisExists ? StatefulSet(restoredFrom: null) : null, claims);

        Assert.Null(source);
        Assert.Equal(("RestoreOverData", true), (failure!.Reason, failure.NeedsAction));
        Assert.Contains("never overwritten", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_restored_from_another_backup_is_not_overwritten_either()
    {
        var (_, failure) = RedisRestoreSource.Decide(Restoring, "nightly", Completed(), StatefulSet(restoredFrom: "weekly"), RedisClaims.None);

        Assert.Equal("RestoreOverData", failure!.Reason);
    }

    [Theory]
    [InlineData(null, "BackupNotFound", false)]
    [InlineData("Pending", "BackupNotCompleted", false)]
    [InlineData("Running", "BackupNotCompleted", false)]
    [InlineData("Failed", "BackupFailed", true)]
    public void Redis_waits_for_a_backup_that_is_not_completed_and_a_failed_one_needs_another(string? phase, string reason, bool needsAction)
    {
        var backup = phase is null ? null : Backup("nightly", Enum.Parse<BackupPhase>(phase));

        var (source, failure) = RedisRestoreSource.Decide(Restoring, "nightly", backup, redis: null, RedisClaims.None);

        Assert.Null(source);
        Assert.Equal((reason, needsAction), (failure!.Reason, failure.NeedsAction));
    }

    [Fact]
    public void The_restoring_redis_verifies_and_installs_the_backup_before_it_starts_and_says_where_its_data_came_from()
    {
        var context = Contexts.Current.With(RedisMembers.RestoreSource, new RestoreSource("nightly", "old-shop-backups", "nightly.rdb", "old-shop"));

        var template = ((V1StatefulSet)new RedisStatefulSet().Desired(Restoring, context)).Spec.Template;

        Assert.Equal("nightly", template.Metadata.Annotations[RedisRestoreSource.RestoredFromAnnotation]);
        var init = Assert.Single(template.Spec.InitContainers);
        Assert.Equal((RedisRestore.ContainerName, template.Spec.Containers[0].Image), (init.Name, init.Image));
        Assert.Equal("nightly.rdb", Assert.Single(init.Env).Value);
        var volume = Assert.Single(template.Spec.Volumes, volume => volume.Name == RedisRestore.VolumeName);
        Assert.Equal(("old-shop-backups", true), (volume.PersistentVolumeClaim.ClaimName, volume.PersistentVolumeClaim.ReadOnlyProperty));
        Assert.Contains(init.VolumeMounts, mount => mount.Name == RedisRestore.VolumeName && mount.ReadOnlyProperty == true);
        Assert.Contains(init.VolumeMounts, mount => mount.Name == RedisStatefulSet.DataVolume && mount.MountPath == RedisStatefulSet.DataPath);
    }

    /// <summary>The keys in the snapshot carry the name of the app it was taken of; the restored app's API reads them under it.</summary>
    [Fact]
    public void The_restored_apps_api_reads_the_keys_of_the_app_the_backup_was_taken_of()
    {
        var source = new RestoreSource("nightly", "old-shop-backups", "nightly.rdb", "old-shop");

        var restored = (V1Deployment)new TodoApiDeployment().Desired(Restoring, Contexts.Current.With(RedisMembers.RestoreSource, source));
        var fresh = (V1Deployment)new TodoApiDeployment().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal("old-shop:", restored.Spec.Template.Spec.Containers[0].Env.Single(variable => variable.Name == "Redis__KeyPrefix").Value);
        Assert.Equal("shop:", fresh.Spec.Template.Spec.Containers[0].Env.Single(variable => variable.Name == "Redis__KeyPrefix").Value);
    }

    [Fact]
    public void Once_restored_the_source_is_read_from_redis_and_the_backup_record_may_go()
    {
        var source = new RestoreSource("nightly", "old-shop-backups", "nightly.rdb", "old-shop");
        var redis = (V1StatefulSet)new RedisStatefulSet().Desired(Restoring, Contexts.Current.With(RedisMembers.RestoreSource, source));
        var claim = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data-shop-redis-0" } };

        var (found, failure) = RedisRestoreSource.Decide(Restoring, "nightly", backup: null, redis, new RedisClaims([claim]));

        Assert.Null(failure);
        Assert.Equal(source, found);
    }

    [Fact]
    public void Without_a_restore_redis_has_no_init_container_and_no_backup_volume()
    {
        var template = ((V1StatefulSet)new RedisStatefulSet().Desired(TestApps.Create(), Contexts.Current)).Spec.Template;

        Assert.Null(template.Spec.InitContainers);
        Assert.DoesNotContain(template.Spec.Volumes, volume => volume.Name == RedisRestore.VolumeName);
        Assert.False(template.Metadata.Annotations.ContainsKey(RedisRestoreSource.RestoredFromAnnotation));
    }

    [Theory]
    [InlineData(null, "nightly")]
    [InlineData("nightly", "weekly")]
    [InlineData("nightly", null)]
    public void An_update_may_not_add_change_or_remove_a_restore(string? before, string? after)
    {
        var old = TestApps.Create(spec => spec.Redis.Restore = before is null ? null : new RedisRestoreSpec { FromBackup = before });
        var updated = TestApps.Create(spec => spec.Redis.Restore = after is null ? null : new RedisRestoreSpec { FromBackup = after });

        var verdict = new TodoAppValidator().ValidateUpdate(old, updated);

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(("spec.redis.restore", "RestoreOnlyAtCreation"), (refusal.Field, refusal.Reason));
    }

    [Fact]
    public void An_update_that_keeps_the_restore_is_admitted()
    {
        var verdict = new TodoAppValidator().ValidateUpdate(Restoring, TestApps.Create(spec =>
        {
            spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "nightly" };
            spec.Replicas = 3;
        }));

        Assert.Empty(verdict.Refusals);
    }

    [Fact]
    public void A_restore_needs_a_volume_and_a_backup_name()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Redis.Persistence = RedisPersistence.None;
            spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "Not_A_Name" };
        });

        Assert.Equal(
            [("spec.redis.restore", "RestoreNeedsPersistence"), ("spec.redis.restore.fromBackup", "InvalidBackupName")],
            SpecValidator.Validate(app).Select(problem => (problem.Field, problem.Reason)).Order());
    }

    private static V1StatefulSet StatefulSet(string? restoredFrom) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-redis" },
        Spec = new V1StatefulSetSpec
        {
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Annotations = restoredFrom is null ? null : new Dictionary<string, string> { [RedisRestoreSource.RestoredFromAnnotation] = restoredFrom },
                },
            },
        },
    };
}
