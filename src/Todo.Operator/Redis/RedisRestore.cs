using k8s.Models;
using Todo.Operator.Children;

namespace Todo.Operator.Redis;

/// <summary>
/// The init container that puts a backup in place before Redis starts, into an empty data volume only. Redis with
/// <c>appendonly yes</c> ignores a bare dump.rdb (it reads only appendonlydir/, and finding none starts empty), so the RDB
/// becomes the base of a multi-part AOF (Redis 7+): <c>appendonlydir/appendonly.aof.1.base.rdb</c> with the manifest line
/// <c>file appendonly.aof.1.base.rdb seq 1 type b</c>; Redis loads it and appends new writes to an incr file it adds to
/// the manifest. The file is checked first (<c>sha256sum -c</c> against the checksum the backup wrote, then
/// <c>redis-check-rdb</c>): a corrupt or truncated file fails the container, and Redis never starts on it. Why it failed is
/// the container's termination message, written by the script itself (the kubelet's fallback to the log would give
/// whatever the tools printed last), which <see cref="RedisRestoreProgress"/> reports on the TodoApp. The directory is
/// built aside and renamed into place, so a cut-off run leaves no half-restored data that a restart would take as data.
/// </summary>
internal static class RedisRestore
{
    public const string ContainerName = "restore";
    public const string VolumeName = "restore";
    public const string MountPath = "/restore";

    public const string Script = """
        set -eu
        if [ -e /data/appendonlydir ]; then
          echo "The data volume already holds data: nothing is restored."
          exit 0
        fi
        fail() {
          printf '%s' "$1" > /dev/termination-log
          echo "$1" >&2
          exit 1
        }
        cd /restore
        [ -f "$FILE" ] && [ -f "$FILE.sha256" ] || fail "$FILE or its checksum $FILE.sha256 is missing from the backup volume"
        sha256sum -c "$FILE.sha256" >&2 || fail "checksum mismatch for $FILE: the file on the backup volume is not the one the backup wrote (damaged or cut short)"
        redis-check-rdb "$FILE" >&2 || fail "redis-check-rdb rejected $FILE: it is no readable RDB snapshot"
        rm -rf /data/.restoring
        mkdir /data/.restoring
        cp "$FILE" /data/.restoring/appendonly.aof.1.base.rdb
        printf 'file appendonly.aof.1.base.rdb seq 1 type b\n' > /data/.restoring/appendonly.aof.manifest
        mv /data/.restoring /data/appendonlydir
        echo "Restored $FILE."
        """;

    /// <summary>On the Redis pod template: the app the backup was taken of (whose name the keys carry).</summary>
    public const string RestoredFromAppAnnotation = "todo.gitops.dev/restored-from-app";

    /// <summary>Adds the init container, the backup claim (read-only) and the annotations naming the backup to Redis' pod template.</summary>
    public static void AddTo(V1PodTemplateSpec template, RestoreSource source)
    {
        template.Metadata.Annotations ??= new Dictionary<string, string>();
        template.Metadata.Annotations[RedisRestoreSource.RestoredFromAnnotation] = source.Backup;
        template.Metadata.Annotations[RestoredFromAppAnnotation] = source.TodoApp;
        template.Spec.InitContainers = [Container(template.Spec.Containers[0], source)];
        template.Spec.Volumes.Add(new V1Volume
        {
            Name = VolumeName,
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = source.Claim, ReadOnlyProperty = true },
        });
    }

    /// <summary>
    /// The source a Redis pod template was restored from, read back from it: once the data is in place, the backup record
    /// may be deleted without the app losing where its keys came from. Null when the template holds no restore.
    /// </summary>
    public static RestoreSource? From(V1PodTemplateSpec? template)
    {
        var annotations = template?.Metadata?.Annotations;
        var init = template?.Spec?.InitContainers?.FirstOrDefault(container => container.Name == ContainerName);
        var claim = template?.Spec?.Volumes?.FirstOrDefault(volume => volume.Name == VolumeName)?.PersistentVolumeClaim?.ClaimName;
        var file = init?.Env?.FirstOrDefault(variable => variable.Name == "FILE")?.Value;
        return annotations?.TryGetValue(RedisRestoreSource.RestoredFromAnnotation, out var backup) is true
            && annotations.TryGetValue(RestoredFromAppAnnotation, out var app) && claim is not null && file is not null
                ? new RestoreSource(backup, claim, file, app)
                : null;
    }

    private static V1Container Container(V1Container redis, RestoreSource source) => new()
    {
        Name = ContainerName,
        Image = redis.Image,
        Command = ["sh", "-c", Script],
        Env = [new V1EnvVar { Name = "FILE", Value = source.File }],
        Resources = redis.Resources,
        SecurityContext = PodSecurity.Container(),
        // The script writes why it failed; should it fail elsewhere (a full data volume), the end of its log is the message.
        TerminationMessagePolicy = "FallbackToLogsOnError",
        VolumeMounts =
        [
            new V1VolumeMount { Name = RedisStatefulSet.DataVolume, MountPath = RedisStatefulSet.DataPath },
            new V1VolumeMount { Name = VolumeName, MountPath = MountPath, ReadOnlyProperty = true },
            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
        ],
    };
}
