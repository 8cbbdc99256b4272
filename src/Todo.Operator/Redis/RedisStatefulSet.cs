using k8s;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Redis as a StatefulSet: with AOF persistence each pod's data lives on a volume from the claim template, without it in an
/// emptyDir. It comes after what it needs (the password and its Secret, the policies that protect its pods, its governing
/// Service, the finalizer that guards its claims) and only once the claim guard lets it start.
/// </summary>
internal sealed class RedisStatefulSet : ChildResource<V1StatefulSet>, IImmutableFields
{
    public const string DataVolume = "data";
    public const string DataPath = "/data";

    public override IReadOnlyList<Dependency> DependsOn { get; } =
    [
        Dependency.On(nameof(DefaultDenyNetworkPolicy)),
        Dependency.On(nameof(RedisNetworkPolicy)),
        Dependency.On(nameof(RedisService)),
        Dependency.On(nameof(RedisPassword)),
        Dependency.On(nameof(RedisPasswordSecret)),
        Dependency.On(nameof(RedisPasswordKeySecret)),
        Dependency.On(nameof(RedisUsersSecret)),
        Dependency.On(nameof(RedisTlsCertificates)),
        Dependency.On(nameof(RedisTlsSecret)),
        Dependency.On(nameof(RedisClaimRetention)),
        Dependency.On(nameof(RedisDataFinalizer)),
        Dependency.OnReady(nameof(RedisClaimGuard)),
        Dependency.On(nameof(RedisRestoreSource)),
        Dependency.On(nameof(RedisRollHandover)),
    ];

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    /// <summary>How many Redis pods the app runs, each with its own claim: one, or in Sentinel mode the primary and its replicas.</summary>
    public static int Pods(TodoApp app) => RedisTopology.DataPods(app);

    protected override V1StatefulSet Build(TodoApp app, ChildContext context)
    {
        var redis = app.Spec.Redis;
        var persistent = redis.Persistence is RedisPersistence.Aof;
        var restore = context.Result(RedisMembers.RestoreSource);
        var template = PodTemplates.Restricted(
            app,
            AppLabels.RedisComponent,
            RedisTls.WithVersion(RedisPasswordRules.ServerAnnotations(context.Result(RedisMembers.Password)), context.Result(RedisMembers.Tls)),
            [RedisContainers.Redis(app, RedisClients.KeyPrefix(app, restore)), .. redis.Exporter.Enabled ? [RedisContainers.Exporter(app)] : Array.Empty<V1Container>()],
            [PodSecurity.ScratchVolume("tmp"), .. persistent ? Array.Empty<V1Volume>() : [PodSecurity.ScratchVolume(DataVolume)], .. RedisTls.Volumes(app)]);
        template.Metadata.Labels[RedisDataClaims.AppLabel] = app.Metadata.Name;
        if (restore is not null)
        {
            RedisRestore.AddTo(template, restore);
        }

        if (RedisTopology.UsesSentinel(app))
        {
            template.Spec.TopologySpreadConstraints = [RedisTopology.SpreadOverNodes(app, AppLabels.RedisComponent)];
        }

        return new V1StatefulSet
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = ChildNames.Redis(app),
                Replicas = Pods(app),
                Selector = new V1LabelSelector { MatchLabels = RedisDataClaims.Selector(app) },
                Template = template,
                // In Sentinel mode the operator restarts the pods on a new spec, the primary last (RedisPrimaryLastRoll),
                // rather than the controller by ordinal; Standalone keeps the server's default. RedisRollHandover switches an
                // existing StatefulSet when the mode changes.
                UpdateStrategy = RedisTopology.UsesSentinel(app) ? new V1StatefulSetUpdateStrategy { Type = RedisRollHandover.OnDelete } : null,
                VolumeClaimTemplates = persistent ? [ClaimTemplate(app)] : null,
                // Where the cluster takes it, the StatefulSet controller deletes the claims with the StatefulSet, or never;
                // elsewhere the operator's finalizer deletes them (RedisDataFinalizer).
                PersistentVolumeClaimRetentionPolicy = persistent && context.Result(RedisMembers.ClaimRetention)
                    ? new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = redis.Storage.WhenDeleted.ToString(), WhenScaled = "Retain" }
                    : null,
            },
        };
    }

    public (IKubernetesObject<V1ObjectMeta> Desired, string? NotApplied) KeepImmutable(
        TodoApp app, ChildContext context, IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> observed)
    {
        var statefulSet = ObjectCopy.As<V1StatefulSet>(observed);
        var (kept, notApplied) = KeepClaimTemplate(app, context, desired, statefulSet);
        return (WithSelector(app, (V1StatefulSet)kept, statefulSet.Spec?.Selector), notApplied);
    }

    private (IKubernetesObject<V1ObjectMeta> Desired, string? NotApplied) KeepClaimTemplate(
        TodoApp app, ChildContext context, IKubernetesObject<V1ObjectMeta> desired, V1StatefulSet statefulSet)
    {
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

        // The template's size only says what a new claim gets: claims expanded by hand to the size the spec asks for are what was wanted.
        if (Quantities.Equal(current.Size, wanted.Storage.Size) || context.Result(RedisMembers.ClaimGuard).AllRequest(wanted.Storage.Size))
        {
            return (keep, null);
        }

        var claims = RedisDataClaims.Names(app, statefulSet.Spec?.Replicas ?? Pods(app)).ToList();
        return (keep, $"spec.redis.storage.size cannot change on the existing StatefulSet {name} (Kubernetes forbids changing its volume claim "
            + $"template, which keeps {current.Size}). The operator expands {RedisDataClaims.Describe(claims)} to {wanted.Storage.Size} where the "
            + $"StorageClass allows it; once {(claims.Count == 1 ? "the claim asks" : "every claim asks")} for that size, this warning stops.");
    }

    protected override ChildReadiness Readiness(TodoApp app, V1StatefulSet statefulSet) => WorkloadReadiness.Of(statefulSet);

    /// <summary>How to delete the StatefulSet without losing the volumes, which it takes along under a Delete retention policy.</summary>
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
        template.Metadata.Labels = Maps.Equal(template.Metadata.Labels, observed.Metadata?.Labels) ? template.Metadata.Labels : observed.Metadata?.Labels;
        template.Metadata.Annotations = Maps.Equal(template.Metadata.Annotations, observed.Metadata?.Annotations)
            ? template.Metadata.Annotations
            : observed.Metadata?.Annotations;
        return statefulSet;
    }

    /// <summary>
    /// The selector as it stands: a StatefulSet made before <see cref="RedisDataClaims.Selector"/> keeps the one with the
    /// instance label (its claims then still need <see cref="RedisClaimStamping"/>), and its pods keep the labels they have,
    /// so that upgrading the operator restarts no Redis pod. That selector stays in the order earlier versions sent it, the
    /// order their desired-state hash was taken in, rather than the server's.
    /// </summary>
    private static V1StatefulSet WithSelector(TodoApp app, V1StatefulSet desired, V1LabelSelector? observed)
    {
        if (observed?.MatchLabels is not { } labels || Maps.Equal(desired.Spec.Selector.MatchLabels, labels))
        {
            return desired;
        }

        var earlier = AppLabels.Selector(app, AppLabels.RedisComponent);
        desired.Spec.Selector = new V1LabelSelector { MatchLabels = Maps.Equal(earlier, labels) ? earlier : labels };
        desired.Spec.Template.Metadata.Labels.Remove(RedisDataClaims.AppLabel);
        return desired;
    }

    private static TodoApp WithRedis(TodoApp app, RedisPersistence persistence, RedisStorageSpec storage)
    {
        var copy = ObjectCopy.Deep(app);
        copy.Spec.Redis.Persistence = persistence;
        copy.Spec.Redis.Storage = storage;
        return copy;
    }

    private static V1PersistentVolumeClaim ClaimTemplate(TodoApp app) => new()
    {
        Metadata = new V1ObjectMeta { Name = DataVolume, Labels = RedisDataClaims.Labels(app), Annotations = RedisDataClaims.Annotations() },
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
