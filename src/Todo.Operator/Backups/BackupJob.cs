using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Backups;

/// <summary>
/// The Job that takes one backup: <c>redis-cli --rdb</c> against the app's Redis Service, or in Sentinel mode against a
/// replica in sync (<see cref="ReplicaSource"/>) (Redis forks and streams a snapshot, as to a replica: the primary is never
/// blocked), <c>redis-check-rdb</c> on the copy, its SHA-256, then both moved from
/// <c>.incoming/</c> into place on the same filesystem (atomic renames, the checksum first): a cut-off run leaves at most a
/// file in <c>.incoming/</c>, which the next run clears, and a restore only reads the file a Completed backup names. What
/// it wrote is reported in the container's termination message, so the operator needs no exec and no access to the volume.
/// Then it deletes the files of the app's scheduled backups (<c>&lt;app&gt;-yyyyMMdd-HHmm.rdb</c>) whose TodoAppBackup is gone
/// (<c>KEEP</c> lists those that exist): pruned by <c>keep</c> or deleted by hand. A file a restore may read
/// belongs to a TodoAppBackup that exists, so it stays; files of backups on demand are the user's.
/// It runs the app's own Redis image (redis-cli, redis-check-rdb, sha256sum), as a restricted pod, as the app's <c>replication</c> Redis user
/// (<see cref="RedisUsers"/>) with the password from its Secret, never on a command line.
/// </summary>
internal static class BackupJob
{
    public const string ContainerName = "backup";
    public const string MountPath = "/backups";

    /// <summary>Long enough for a snapshot of any Redis this operator runs; a hung transfer fails the backup instead of holding the app's queue.</summary>
    public const long DeadlineSeconds = 15 * 60;

    private const string VolumeName = "backups";

    /// <summary>
    /// redis-cli as the <c>replication</c> user (its password from REDISCLI_AUTH), with the TLS options of an app that uses
    /// TLS from <c>TLS_OPTIONS</c> (split into words on purpose; empty otherwise), so that the scripts stay the same for every app.
    /// </summary>
    public const string Cli = $"{RedisUsers.ReplicationCli} $TLS_OPTIONS";

    /// <summary>The script of a Standalone app's backup: the snapshot from its only Redis.</summary>
    public const string Script = "set -eu\n" + Snapshot + "\n" + Report;

    /// <summary>The script of a Sentinel-mode app's backup: a replica in sync chosen first (<see cref="ReplicaSource"/>), and named in the report.</summary>
    public const string SentinelScript = "set -eu\n" + ReplicaSource.Shell + "\n" + Snapshot + "\n" + SourceReport;

    private const string Snapshot = $$"""
        incoming=/backups/.incoming
        rm -rf "$incoming"
        mkdir -p "$incoming"
        cd "$incoming"
        {{Cli}} -h "$HOST" -p "$PORT" --rdb "$FILE" >&2
        redis-check-rdb "$FILE" >&2
        version=$({{Cli}} -h "$HOST" -p "$PORT" INFO server | tr -d '\r' | sed -n 's/^redis_version://p')
        sha256sum "$FILE" > "$FILE.sha256"
        size=$(($(wc -c < "$FILE")))
        sum=$(cut -d ' ' -f 1 "$FILE.sha256")
        mv "$FILE.sha256" "/backups/$FILE.sha256"
        mv "$FILE" "/backups/$FILE"
        for file in "/backups/$SCHEDULED_PREFIX"*.rdb; do
          [ -e "$file" ] || continue
          name=$(basename "$file" .rdb)
          case "${name#"$SCHEDULED_PREFIX"}" in
            [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]) ;;
            *) continue ;;
          esac
          case " $KEEP " in *" $name "*) continue ;; esac
          rm -f "$file.sha256" "$file"
          echo "pruned $name" >&2
        done
        """;

    private const string Report = """
        printf '{"file":"%s","sizeBytes":%s,"sha256":"%s","redisVersion":"%s"}' "$FILE" "$size" "$sum" "$version" > /dev/termination-log
        """;

    /// <summary>The report with the pod the snapshot came from: the first label of the replica's DNS name.</summary>
    private const string SourceReport = """
        printf '{"file":"%s","sizeBytes":%s,"sha256":"%s","redisVersion":"%s","source":"%s"}' "$FILE" "$size" "$sum" "$version" "${HOST%%.*}" > /dev/termination-log
        """;

    public static V1Job Build(TodoAppBackup backup, TodoApp app, IReadOnlyCollection<string> kept)
    {
        var template = PodTemplates.Restricted(
            app,
            BackupClaim.Component,
            annotations: null,
            [Container(backup, app, kept)],
            [
                new V1Volume { Name = VolumeName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = BackupNames.Claim(app) } },
                PodSecurity.ScratchVolume("tmp"),
                .. RedisTls.Volumes(app),
            ]);
        template.Spec.RestartPolicy = "Never";
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = BackupNames.Job(backup),
                NamespaceProperty = backup.Metadata.NamespaceProperty,
                Labels = AppLabels.For(app, BackupClaim.Component),
                OwnerReferences = [Owner(backup)],
            },
            Spec = new V1JobSpec
            {
                // One attempt: a retry would only race the next backup; the user creates another TodoAppBackup.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = DeadlineSeconds,
                Template = template,
            },
        };
    }

    public static V1OwnerReference Owner(TodoAppBackup backup) => new()
    {
        ApiVersion = backup.ApiVersion,
        Kind = backup.Kind,
        Name = backup.Metadata.Name,
        Uid = backup.Metadata.Uid,
        BlockOwnerDeletion = true,
        Controller = true,
    };

    private static V1Container Container(TodoAppBackup backup, TodoApp app, IReadOnlyCollection<string> kept) => new()
    {
        Name = ContainerName,
        Image = app.Spec.Redis.Image.ToString(),
        Command = ["sh", "-c", RedisTopology.UsesSentinel(app) ? SentinelScript : Script],
        Env =
        [
            .. RedisTopology.UsesSentinel(app) ? ReplicaSource.Environment(app) : ServiceEnvironment(app),
            new V1EnvVar { Name = "FILE", Value = BackupNames.File(backup) },
            new V1EnvVar { Name = "SCHEDULED_PREFIX", Value = $"{app.Metadata.Name}-" },
            new V1EnvVar { Name = "KEEP", Value = string.Join(' ', kept.Order(StringComparer.Ordinal)) },
            RedisUsers.Variable(app, RedisUsers.Replication, "REDISCLI_AUTH"),
            new V1EnvVar { Name = "TLS_OPTIONS", Value = RedisTls.CliOptions(app).Trim() },
        ],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("32Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi") },
        },
        SecurityContext = PodSecurity.Container(),
        // On failure the kubelet takes the end of the log as the message, so the status can say why (redis-cli prints no password).
        TerminationMessagePolicy = "FallbackToLogsOnError",
        VolumeMounts =
        [
            new V1VolumeMount { Name = VolumeName, MountPath = MountPath },
            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
            .. RedisTls.Enabled(app) ? [RedisTls.Mount()] : Array.Empty<V1VolumeMount>(),
        ],
    };

    private static IEnumerable<V1EnvVar> ServiceEnvironment(TodoApp app) =>
    [
        new V1EnvVar { Name = "HOST", Value = ChildNames.Redis(app) },
        new V1EnvVar { Name = "PORT", Value = $"{RedisService.Port}" },
    ];
}
