using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Crd;

/// <summary>The Redis instance that stores the TODO items.</summary>
[Description("The Redis instance that stores the TODO items.")]
internal sealed class RedisSpec
{
    /// <summary>The newest patch release of the newest Redis line (8.10.2, 17 Sep 2026: security fixes), Alpine-based.</summary>
    public const string DefaultTag = "8.10.2-alpine";

    [JsonPropertyName("image")]
    [Description("The Redis container image. The default is stored into each TodoApp when it is created: a newer operator's default "
        + "reaches an existing TodoApp only when this field is set again (or removed, so the API server fills in the new default).")]
    public ImageReference Image { get; set; } = new() { Repository = "docker.io/library/redis", Tag = DefaultTag };

    /// <summary>The data pods in Sentinel mode when spec.redis.replicas is not set: a primary and two replicas.</summary>
    public const int DefaultReplicas = 3;

    /// <summary>
    /// No schema default: the API server applies defaults to objects it reads from etcd too, so a default here would change
    /// every app stored by an earlier release on its next read (UpgradeTests). Null is Standalone.
    /// </summary>
    [JsonPropertyName("mode")]
    [Description("Standalone: one Redis pod. Sentinel: spec.redis.replicas data pods (one primary, the others its replicas) spread over "
        + "nodes and watched by spec.redis.sentinel Sentinels, which promote a replica when the primary fails; the API follows the "
        + "primary through them and acknowledges a write only once a replica holds it. Replication stays asynchronous: see the docs. "
        + "Not set means Standalone.")]
    public RedisMode? Mode { get; set; }

    [JsonPropertyName("replicas")]
    [Range(0, 9)]
    [Description("Sentinel mode only: how many Redis data pods run, each with its own volume; pod 0 starts as the primary. "
        + "At least 2; defaults to 3.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("sentinel")]
    [Description("Sentinel mode only: the Sentinels (default 3, quorum 2).")]
    public RedisSentinelSpec? Sentinel { get; set; }

    [JsonPropertyName("persistence")]
    [Description("How Redis persists data: AOF (append-only file on a volume) or None (in memory only, lost on restart).")]
    public RedisPersistence Persistence { get; set; } = RedisPersistence.Aof;

    [JsonPropertyName("storage")]
    [Description("The persistent volume of Redis when persistence is AOF.")]
    public RedisStorageSpec Storage { get; set; } = new();

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of the Redis container. With a memory limit, Redis gets maxmemory at 75% of it and "
        + "the noeviction policy: writes are refused before the container is killed, and no todo is ever evicted.")]
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
    };

    [JsonPropertyName("exporter")]
    [Description("The redis_exporter sidecar, off by default.")]
    public RedisExporterSpec Exporter { get; set; } = new();

    [JsonPropertyName("backup")]
    [Description("Scheduled backups of this app's Redis, and how many are kept.")]
    public RedisBackupSpec? Backup { get; set; }

    [JsonPropertyName("restore")]
    [Description("Start a new app from a TodoAppBackup (only at creation).")]
    public RedisRestoreSpec? Restore { get; set; }

    [JsonPropertyName("tls")]
    [Description("TLS for Redis, replication and the Sentinels, with a certificate from cert-manager or from a CA the operator keeps.")]
    public RedisTlsSpec? Tls { get; set; }

    [JsonPropertyName("passwordSecretRef")]
    [Description("A Secret in the TodoApp's namespace, labelled todo.gitops.dev/redis-password=true, that holds the Redis password (e.g. "
        + "one produced by a SealedSecret). Without it the operator generates one once and keeps it.")]
    public SecretKeyReference? PasswordSecretRef { get; set; }
}
