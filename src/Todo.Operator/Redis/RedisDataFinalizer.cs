using System.Text.Json.Nodes;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The Redis volumes outside the owner-reference world are deleted with their TodoApp only when the spec asks
/// (spec.redis.storage.whenDeleted: Delete): through the StatefulSet's persistentVolumeClaimRetentionPolicy where the
/// cluster has it and keeps it, else through this finalizer on the TodoApp, added before the claims can exist, so none is
/// ever left unguarded, and only once the claim guard let the app have its claims: an app refused another app's claim
/// never carries the finalizer, and the finalizer deletes only claims labelled with the app's own uid.
/// </summary>
internal sealed class RedisDataFinalizer : AppStep, ICleanup
{
    public const string Finalizer = "todo.gitops.dev/redis-data";

    private static readonly ResourceType PrimaryType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisClaimRetention)), Dependency.OnReady(nameof(RedisClaimGuard))];

    public override string FailureReason => "ApplyFailed";

    public override string Describe(TodoApp app) => $"The finalizer {Finalizer}";

    /// <summary>The finalizer is there exactly while the volume is to be deleted with the app and no StatefulSet policy does it.</summary>
    public static bool NeedsFinalizer(TodoApp app, bool policyDeletesClaims) =>
        app.Spec.Redis is { Persistence: RedisPersistence.Aof, Storage.WhenDeleted: RedisDataRetention.Delete } && !policyDeletesClaims;

    /// <summary>
    /// Whether the app's StatefulSet deletes its claims itself: the cluster's version takes the policy, and the StatefulSet
    /// is seen to keep it. Kubernetes 1.27 to 1.31 with the StatefulSetAutoDeletePVC feature gate off silently drops it, so
    /// until the cached StatefulSet shows whenDeleted: Delete (a new app's first reconcile too) the finalizer guards them.
    /// </summary>
    private bool PolicyDeletesClaims(TodoApp app, StepContext context) =>
        context.Children.For(this).Result(RedisMembers.ClaimRetention)
        && context.Cached(StatefulSetType, app.Metadata.NamespaceProperty, ChildNames.Redis(app)) is { } cached
        && ObjectCopy.As<V1StatefulSet>(cached).Spec?.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == nameof(RedisDataRetention.Delete);

    public static bool HasFinalizer(TodoApp app) => app.Metadata.Finalizers?.Contains(Finalizer) is true;

    /// <summary>Adds or removes the finalizer as the spec and the cluster call for it.</summary>
    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var wanted = NeedsFinalizer(app, PolicyDeletesClaims(app, context));
        if (context.ChangesAllowed && wanted != HasFinalizer(app))
        {
            await SetFinalizerAsync(app, context, wanted, cancellationToken);
        }

        return MemberOutcome.Ready;
    }

    /// <summary>
    /// The app is being deleted: with the finalizer, delete the StatefulSet (so nothing makes a new claim) and, if the spec
    /// still says Delete, the claims of its pods that hold this app's data (labelled with its uid: a claim another app left,
    /// or one of nobody known, is kept and said so), then let the deletion go on. A claim disappears once no pod uses it.
    /// </summary>
    public async Task CleanupAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (!HasFinalizer(app))
        {
            return;
        }

        if (app.Spec.Redis.Storage.WhenDeleted is RedisDataRetention.Delete)
        {
            var ns = app.Metadata.NamespaceProperty;
            var statefulSet = context.Cached(StatefulSetType, ns, ChildNames.Redis(app)) is { } cached ? ObjectCopy.As<V1StatefulSet>(cached) : null;
            var claims = await ClaimsAsync(app, context, statefulSet?.Spec?.Replicas ?? 0, cancellationToken);
            await context.Client.DeleteAsync(StatefulSetType, ns, ChildNames.Redis(app), cancellationToken);
            var own = claims.Where(claim => RedisDataClaims.BelongsTo(claim, app)).Select(claim => claim.Metadata.Name).ToList();
            foreach (var claim in own)
            {
                await context.Client.DeleteAsync(RedisDataClaims.Type, ns, claim, cancellationToken);
            }

            if (own.Count > 0)
            {
                await context.Events.RecordAsync(app, EventType.Normal, "Deleted",
                    $"Deleted {RedisDataClaims.Describe(own)} with the TodoApp: spec.redis.storage.whenDeleted is Delete.", cancellationToken);
            }

            if (claims.Where(claim => !RedisDataClaims.BelongsTo(claim, app)).Select(claim => claim.Metadata.Name).ToList() is { Count: > 0 } kept)
            {
                await context.Events.RecordAsync(app, EventType.Warning, "ClaimKept",
                    $"Kept {RedisDataClaims.Describe(kept)}: not labelled as this app's data (uid {app.Metadata.Uid}), so not deleted with it.", cancellationToken);
            }
        }

        await SetFinalizerAsync(app, context, present: false, cancellationToken);
    }

    /// <summary>
    /// The claims the app's pods may have: those of its StatefulSet's ordinals and of the spec's (read from the API server
    /// when the cache lacks one: a claim made by hand carries none of the labels the cache selects), and any cached claim
    /// of a higher ordinal, left by a scale-down.
    /// </summary>
    private static async Task<List<V1PersistentVolumeClaim>> ClaimsAsync(TodoApp app, StepContext context, int replicas, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var names = RedisDataClaims.Names(app, Math.Max(replicas, RedisStatefulSet.Pods(app)))
            .Union(context.CachedList(RedisDataClaims.Type, ns)
                .Where(claim => RedisDataClaims.IsOrdinalOf(claim.Metadata.Name, app))
                .Select(claim => claim.Metadata.Name))
            .ToList();
        var claims = new List<V1PersistentVolumeClaim>();
        foreach (var name in names)
        {
            if ((context.Cached(RedisDataClaims.Type, ns, name) is { } cached
                    ? ObjectCopy.As<V1PersistentVolumeClaim>(cached)
                    : await context.Client.GetAsync<V1PersistentVolumeClaim>(RedisDataClaims.Type, ns, name, cancellationToken)) is { } claim)
            {
                claims.Add(claim);
            }
        }

        return claims;
    }

    /// <summary>A merge patch of the whole finalizer list, made safe by the resourceVersion: a list changed meanwhile gets 409 and a retry.</summary>
    private static async Task SetFinalizerAsync(TodoApp app, StepContext context, bool present, CancellationToken cancellationToken)
    {
        var finalizers = (app.Metadata.Finalizers ?? []).Where(finalizer => finalizer != Finalizer).ToList();
        if (present)
        {
            finalizers.Add(Finalizer);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = app.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray([.. finalizers.Select(finalizer => JsonValue.Create(finalizer))]),
            },
        };
        var patched = await context.Client.MergePatchAsync<TodoApp>(PrimaryType, app.Metadata.NamespaceProperty, app.Metadata.Name, patch, subresource: null, cancellationToken);
        app.Metadata.Finalizers = patched.Metadata?.Finalizers;
        app.Metadata.ResourceVersion = patched.Metadata?.ResourceVersion ?? app.Metadata.ResourceVersion;
    }
}
