using k8s;
using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// Redis as a one-replica StatefulSet: with AOF persistence its data lives on a volume from the claim
/// template, without it in an emptyDir. The password reaches Redis and redis-cli through environment
/// variables read from the Secret, never through the pod spec; Redis reads it from a config file the
/// entrypoint writes to the private /tmp, so it never appears on a process command line either.
/// </summary>
internal sealed class RedisStatefulSet : ChildResource<V1StatefulSet>, IImmutableFields
{
    public const string DataVolume = "data";
    public const string DataPath = "/data";

    private const string PasswordVariable = "REDIS_PASSWORD";

    /// <summary>
    /// Writes the password into a config file with the shell's builtin printf (no new process sees it) and
    /// starts Redis with that file plus the container's args.
    /// </summary>
    private const string Entrypoint =
        $"umask 077 && printf 'requirepass \"%s\"\\n' \"${PasswordVariable}\" > /tmp/redis.conf && exec redis-server /tmp/redis.conf \"$@\"";

    public override ApplyPhase Phase => ApplyPhase.Workloads;

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    protected override V1StatefulSet Build(TodoApp app, ChildContext context)
    {
        var redis = app.Spec.Redis;
        var persistent = redis.Persistence is RedisPersistence.Aof;
        return new V1StatefulSet
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = ChildNames.Redis(app),
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = AppLabels.For(app, AppLabels.RedisComponent),
                        Annotations = ChildContext.PasswordVersion(context.RedisPasswordVersion),
                    },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = PodSecurity.Pod(),
                        Containers = redis.Exporter.Enabled ? [Container(app), ExporterContainer(app)] : [Container(app)],
                        Volumes = persistent
                            ? [PodSecurity.ScratchVolume("tmp")]
                            : [PodSecurity.ScratchVolume("tmp"), PodSecurity.ScratchVolume(DataVolume)],
                    },
                },
                VolumeClaimTemplates = persistent ? [ClaimTemplate(app)] : null,
                // Where the cluster takes it, the StatefulSet controller deletes the claim with the StatefulSet, or never;
                // elsewhere the operator's finalizer deletes it (Reconciliation/RedisDataLifecycle).
                PersistentVolumeClaimRetentionPolicy = persistent && context.ServesClaimRetentionPolicy
                    ? new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = redis.Storage.WhenDeleted.ToString(), WhenScaled = "Retain" }
                    : null,
            },
        };
    }

    public (IKubernetesObject<V1ObjectMeta> Desired, string? NotApplied) KeepImmutable(
        TodoApp app, ChildContext context, IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> observed)
    {
        var statefulSet = Observed.As<V1StatefulSet>(observed);
        var name = statefulSet.Metadata.Name;
        var claim = statefulSet.Spec?.VolumeClaimTemplates?.FirstOrDefault(template => template.Metadata?.Name == DataVolume);
        var wanted = app.Spec.Redis;
        if (claim is null)
        {
            return wanted.Persistence is RedisPersistence.None
                ? (desired, null)
                : (Desired(WithRedis(app, RedisPersistence.None, wanted.Storage), context),
                    $"spec.redis.persistence cannot change from None to AOF on the existing StatefulSet {name}; "
                    + "delete the StatefulSet and the operator recreates it with a volume.");
        }

        var current = new RedisStorageSpec
        {
            Size = claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var size) is true ? size.ToString() : wanted.Storage.Size,
            StorageClassName = claim.Spec?.StorageClassName,
            WhenDeleted = wanted.Storage.WhenDeleted,
            AdoptExistingClaim = wanted.Storage.AdoptExistingClaim,
        };
        var keep = WithClaimMetadata(Desired(WithRedis(app, RedisPersistence.Aof, current), context), claim);
        var claimName = $"{DataVolume}-{name}-0";
        if (wanted.Persistence is RedisPersistence.None)
        {
            return (keep, $"spec.redis.persistence cannot change from AOF to None on the existing StatefulSet {name}; delete the StatefulSet "
                + $"({KeepingTheVolume(wanted.Storage)}) and the operator recreates it without one.");
        }

        if (current.StorageClassName != wanted.Storage.StorageClassName)
        {
            return (keep, $"spec.redis.storage.storageClassName cannot change on the existing StatefulSet {name} (Kubernetes forbids changing its "
                + $"volume claim template); it keeps {(current.StorageClassName is { } storageClass ? $"class {storageClass}" : "the cluster's default class")}. "
                + $"To move the data to another class, copy it to a new claim yourself.");
        }

        // The template's size only says what a new claim gets: a claim expanded by hand to the size the spec asks for is what was wanted.
        if (Quantities.Equal(current.Size, wanted.Storage.Size) || (context.RedisClaimSize is { } actual && Quantities.Equal(actual, wanted.Storage.Size)))
        {
            return (keep, null);
        }

        return (keep, $"spec.redis.storage.size cannot change on the existing StatefulSet {name} (Kubernetes forbids changing its volume claim "
            + $"template, which keeps {current.Size}). To grow the volume, expand PersistentVolumeClaim {claimName} to {wanted.Storage.Size} "
            + "(if its StorageClass allows it); once the claim asks for that size, this warning stops.");
    }

    protected override ChildReadiness Readiness(V1StatefulSet statefulSet) => WorkloadReadiness.Of(statefulSet);

    /// <summary>How to delete the StatefulSet without losing the volume, which it takes along under a Delete retention policy.</summary>
    private static string KeepingTheVolume(RedisStorageSpec storage) =>
        storage.WhenDeleted is RedisDataRetention.Delete
            ? "with kubectl delete --cascade=orphan, as spec.redis.storage.whenDeleted is Delete"
            : "its volume is kept";

    /// <summary>
    /// The claim template's labels and annotations as they stand: they are as immutable as its spec. Equal ones stay the
    /// desired state's own, in its order, so that the desired-state hash does not change with the order the server keeps.
    /// </summary>
    private static V1StatefulSet WithClaimMetadata(IKubernetesObject<V1ObjectMeta> desired, V1PersistentVolumeClaim observed)
    {
        var statefulSet = (V1StatefulSet)desired;
        var template = statefulSet.Spec.VolumeClaimTemplates.Single();
        template.Metadata.Labels = Same(template.Metadata.Labels, observed.Metadata?.Labels) ? template.Metadata.Labels : observed.Metadata?.Labels;
        template.Metadata.Annotations = Same(template.Metadata.Annotations, observed.Metadata?.Annotations)
            ? template.Metadata.Annotations
            : observed.Metadata?.Annotations;
        return statefulSet;
    }

    private static bool Same(IDictionary<string, string>? left, IDictionary<string, string>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0)
        && (left ?? new Dictionary<string, string>()).All(entry => right is not null && right.TryGetValue(entry.Key, out var value) && value == entry.Value);

    private static TodoApp WithRedis(TodoApp app, RedisPersistence persistence, RedisStorageSpec storage)
    {
        var copy = ObjectCopy.Deep(app);
        copy.Spec.Redis.Persistence = persistence;
        copy.Spec.Redis.Storage = storage;
        return copy;
    }

    private static V1Container Container(TodoApp app)
    {
        var password = RedisPassword.Reference(app);
        var passwordSource = new V1EnvVarSource
        {
            SecretKeyRef = new V1SecretKeySelector { Name = password.Name, Key = password.Key },
        };
        return new V1Container
        {
            Name = "redis",
            Image = app.Spec.Redis.Image.ToString(),
            Command = ["sh", "-c", Entrypoint, "redis-server"],
            Args = ["--dir", DataPath, .. PersistenceArgs(app.Spec.Redis.Persistence), .. MemoryArgs(app.Spec.Redis.Resources)],
            Env =
            [
                new V1EnvVar { Name = PasswordVariable, ValueFrom = passwordSource },
                // redis-cli authenticates from this variable, so the probes need no password on their command line.
                new V1EnvVar { Name = "REDISCLI_AUTH", ValueFrom = passwordSource },
            ],
            Ports = [new V1ContainerPort { Name = "redis", ContainerPort = RedisService.Port, Protocol = "TCP" }],
            // Loading a large AOF answers LOADING for as long as it takes: the start-up probe gives it ten minutes, and liveness
            // (from then on) counts a Redis busy loading or running a long script as alive; only readiness asks for PONG.
            StartupProbe = new V1Probe { Exec = Ping("PONG"), PeriodSeconds = 5, TimeoutSeconds = 5, FailureThreshold = 120 },
            ReadinessProbe = new V1Probe { Exec = Ping("PONG"), PeriodSeconds = 10, TimeoutSeconds = 5 },
            LivenessProbe = new V1Probe { Exec = Ping("PONG|LOADING|BUSY"), PeriodSeconds = 10, TimeoutSeconds = 5, FailureThreshold = 6 },
            Resources = app.Spec.Redis.Resources,
            SecurityContext = PodSecurity.Container(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = DataVolume, MountPath = DataPath },
                new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
            ],
        };
    }

    /// <summary>
    /// redis_exporter next to Redis: it reaches Redis on localhost with the same password (from the Secret, never the pod
    /// spec) and serves Prometheus on the port named metrics. No readiness probe: an exporter in trouble must not take Redis
    /// out of its Service.
    /// </summary>
    private static V1Container ExporterContainer(TodoApp app)
    {
        var password = RedisPassword.Reference(app);
        var exporter = app.Spec.Redis.Exporter;
        return new V1Container
        {
            Name = "exporter",
            Image = exporter.Image.ToString(),
            Env =
            [
                new V1EnvVar { Name = "REDIS_ADDR", Value = $"redis://localhost:{RedisService.Port}" },
                new V1EnvVar
                {
                    Name = "REDIS_PASSWORD",
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = password.Name, Key = password.Key } },
                },
            ],
            Ports = [new V1ContainerPort { Name = RedisService.MetricsPortName, ContainerPort = RedisService.MetricsPort, Protocol = "TCP" }],
            LivenessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = "/health", Port = RedisService.MetricsPortName },
                PeriodSeconds = 30,
                TimeoutSeconds = 5,
            },
            Resources = exporter.Resources,
            SecurityContext = PodSecurity.Container(),
        };
    }

    /// <summary>redis-cli prints the reply raw when not on a terminal: PONG, or an error such as "LOADING Redis is loading...".</summary>
    private static V1ExecAction Ping(string acceptedReplies) =>
        new() { Command = ["sh", "-c", $"redis-cli ping | grep -Eq '^({acceptedReplies})'"] };

    /// <summary>
    /// maxmemory at three quarters of the container's memory limit (the rest for copy-on-write while the AOF is rewritten,
    /// buffers and fragmentation) with noeviction: past it Redis refuses writes (the API answers 507) instead of being
    /// killed and crash-looping on an AOF it cannot load, and it never evicts a todo.
    /// </summary>
    public static string[] MemoryArgs(V1ResourceRequirements? resources) =>
        resources?.Limits?.TryGetValue("memory", out var limit) is true
            ? ["--maxmemory", ((long)(limit.ToDecimal() * 3 / 4)).ToString(System.Globalization.CultureInfo.InvariantCulture), "--maxmemory-policy", "noeviction"]
            : [];

    private static string[] PersistenceArgs(RedisPersistence persistence) => persistence switch
    {
        // fsync on every write: the API acknowledges a todo only once Redis has it on disk.
        RedisPersistence.Aof => ["--appendonly", "yes", "--appendfsync", "always"],
        RedisPersistence.None => ["--appendonly", "no", "--save", ""],
        _ => throw new ArgumentOutOfRangeException(nameof(persistence), persistence, "Unknown Redis persistence mode."),
    };

    private static V1PersistentVolumeClaim ClaimTemplate(TodoApp app) => new()
    {
        Metadata = new V1ObjectMeta { Name = DataVolume, Labels = RedisDataClaim.Labels(app), Annotations = RedisDataClaim.Annotations() },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = app.Spec.Redis.Storage.StorageClassName,
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(app.Spec.Redis.Storage.Size) },
            },
        },
    };
}
