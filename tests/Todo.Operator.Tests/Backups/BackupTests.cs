using k8s.Models;
using Todo.Operator.Backups;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Backups;

/// <summary>The backup Job and the backup claim as built for an app.</summary>
public sealed class BackupTests
{
    internal static TodoAppBackup Backup(string name, BackupPhase? phase = null, DateTime? created = null, string app = TestApps.Name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = TestApps.Namespace,
            Uid = $"uid-{name}",
            CreationTimestamp = created ?? new DateTime(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc),
        },
        Spec = new TodoAppBackupSpec { TodoApp = app },
        Status = phase is { } known ? new TodoAppBackupStatus { Phase = known } : null,
    };

    [Fact]
    public void The_job_runs_once_within_a_deadline_on_the_apps_redis_image_and_belongs_to_its_backup()
    {
        var app = TestApps.Create(spec => spec.Redis.Image = new ImageReference { Repository = "registry.example.com/redis", Tag = "7.0.15" });

        var job = BackupJob.Build(Backup("nightly"), app, []);

        Assert.Equal(("nightly-backup", TestApps.Namespace), (job.Metadata.Name, job.Metadata.NamespaceProperty));
        Assert.Equal((0, 900L, "Never"), (job.Spec.BackoffLimit, job.Spec.ActiveDeadlineSeconds, job.Spec.Template.Spec.RestartPolicy));
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("TodoAppBackup", "nightly", "uid-nightly", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal("registry.example.com/redis:7.0.15", container.Image);
        Assert.Equal("backup", job.Spec.Template.Metadata.Labels["app.kubernetes.io/component"]);
        Assert.Equal(TestApps.Name, job.Spec.Template.Metadata.Labels["app.kubernetes.io/instance"]);
        Assert.Equal("todo-operator", job.Metadata.Labels["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public void The_job_reaches_redis_through_its_service_with_the_password_from_the_secret_only()
    {
        var container = BackupJob.Build(Backup("nightly"), TestApps.Create(), []).Spec.Template.Spec.Containers[0];

        var env = container.Env.ToDictionary(variable => variable.Name);
        Assert.Equal(("shop-redis", "6379", "nightly.rdb"), (env["HOST"].Value, env["PORT"].Value, env["FILE"].Value));
        var password = env["REDISCLI_AUTH"];
        Assert.Null(password.Value);
        Assert.Equal(("shop-redis-users", "replication"), (password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
        Assert.DoesNotContain(container.Command.Concat(container.Args ?? []), part => part.Contains(Contexts.Password, StringComparison.Ordinal));
    }

    /// <summary>In Sentinel mode the Job gets no Redis host to read: it asks the Sentinels for a replica (<see cref="SentinelBackupScriptTests"/>).</summary>
    [Fact]
    public void In_sentinel_mode_the_job_asks_the_sentinels_for_a_replica_instead_of_reaching_the_service()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Redis.Mode = RedisMode.Sentinel;
            spec.Redis.Sentinel = new RedisSentinelSpec { Count = 3, Quorum = 2 };
        });

        var container = BackupJob.Build(Backup("nightly"), app, []).Spec.Template.Spec.Containers[0];

        var env = container.Env.ToDictionary(variable => variable.Name);
        Assert.DoesNotContain("HOST", env.Keys);
        Assert.Equal(
            "shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc shop-redis-sentinel-1.shop-redis-sentinel.team-a.svc shop-redis-sentinel-2.shop-redis-sentinel.team-a.svc",
            env["SENTINELS"].Value);
        Assert.Equal(("26379", "shop-redis", "nightly.rdb"), (env["SENTINEL_PORT"].Value, env["PRIMARY_NAME"].Value, env["FILE"].Value));
        Assert.Equal(("shop-redis-users", "replication", null), (env["REDISCLI_AUTH"].ValueFrom.SecretKeyRef.Name, env["REDISCLI_AUTH"].ValueFrom.SecretKeyRef.Key, env["REDISCLI_AUTH"].Value));
        Assert.Equal(BackupJob.SentinelScript, container.Command[2]);
    }

    [Fact]
    public void The_job_writes_on_the_apps_backup_claim()
    {
        var template = BackupJob.Build(Backup("nightly"), TestApps.Create(), []).Spec.Template;

        var volume = Assert.Single(template.Spec.Volumes, volume => volume.PersistentVolumeClaim is not null);
        Assert.Equal(("shop-backups", null), (volume.PersistentVolumeClaim.ClaimName, volume.PersistentVolumeClaim.ReadOnlyProperty));
        Assert.Contains(template.Spec.Containers[0].VolumeMounts, mount => mount.Name == volume.Name && mount.MountPath == "/backups");
    }

    /// <summary>A cut-off run must leave nothing a restore could take for a backup: both files are moved in last, the checksum first.</summary>
    [Fact]
    public void The_script_moves_the_checked_file_into_place_only_after_its_checksum()
    {
        var lines = BackupJob.Script.Split('\n').Select(line => line.Trim()).ToList();

        int Line(string start) => lines.FindIndex(line => line.StartsWith(start, StringComparison.Ordinal));
        Assert.Equal(0, Line("set -eu"));
        Assert.True(Line("redis-cli -h") < Line("redis-check-rdb"));
        Assert.True(Line("redis-check-rdb") < Line("sha256sum"));
        Assert.True(Line("sha256sum") < Line("mv \"$FILE.sha256\""));
        Assert.True(Line("mv \"$FILE.sha256\"") < Line("mv \"$FILE\""));
        Assert.True(Line("mv \"$FILE\"") < Line("printf"));
    }

    [Fact]
    public void The_claim_outlives_the_app_and_neither_argocd_nor_helm_prunes_it()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Redis.Storage.Size = "5Gi";
            spec.Redis.Storage.StorageClassName = "fast";
        });

        var claim = BackupClaim.Build(app);

        Assert.Equal(("shop-backups", TestApps.Namespace), (claim.Metadata.Name, claim.Metadata.NamespaceProperty));
        Assert.Null(claim.Metadata.OwnerReferences);
        Assert.DoesNotContain("app.kubernetes.io/instance", claim.Metadata.Labels.Keys);
        Assert.Equal(TestApps.Name, claim.Metadata.Labels["todo.gitops.dev/todoapp"]);
        Assert.Equal("Prune=false", claim.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
        Assert.Equal("keep", claim.Metadata.Annotations["helm.sh/resource-policy"]);
        Assert.Equal(("fast", "5Gi", "ReadWriteOnce"), (claim.Spec.StorageClassName, claim.Spec.Resources.Requests["storage"].ToString(), Assert.Single(claim.Spec.AccessModes)));
    }
}
