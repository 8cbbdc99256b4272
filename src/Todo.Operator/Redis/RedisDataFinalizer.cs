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
/// cluster has it, else through this finalizer on the TodoApp, added before the claims can exist, so none is ever left
/// unguarded.
/// </summary>
internal sealed class RedisDataFinalizer : AppStep, ICleanup
{
    public const string Finalizer = "todo.gitops.dev/redis-data";

    private static readonly ResourceType PrimaryType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisClaimRetention))];

    public override string FailureReason => "ApplyFailed";

    public override string Describe(TodoApp app) => $"The finalizer {Finalizer}";

    /// <summary>The finalizer is there exactly while the volume is to be deleted with the app and no StatefulSet policy does it.</summary>
    public static bool NeedsFinalizer(TodoApp app, bool servesClaimRetentionPolicy) =>
        app.Spec.Redis is { Persistence: RedisPersistence.Aof, Storage.WhenDeleted: RedisDataRetention.Delete } && !servesClaimRetentionPolicy;

    public static bool HasFinalizer(TodoApp app) => app.Metadata.Finalizers?.Contains(Finalizer) is true;

    /// <summary>Adds or removes the finalizer as the spec and the cluster call for it.</summary>
    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var wanted = NeedsFinalizer(app, context.Children.For(this).Result(RedisMembers.ClaimRetention));
        if (context.ChangesAllowed && wanted != HasFinalizer(app))
        {
            await SetFinalizerAsync(app, context, wanted, cancellationToken);
        }

        return MemberOutcome.Ready;
    }

    /// <summary>
    /// The app is being deleted: with the finalizer, delete the StatefulSet (so nothing makes a new claim) and its pods'
    /// claims if the spec still says Delete, then let the deletion go on. A claim disappears once no pod uses it.
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
            var claims = RedisDataClaims.Names(app, Math.Max(statefulSet?.Spec?.Replicas ?? 0, RedisStatefulSet.Pods(app))).ToList();
            await context.Client.DeleteAsync(StatefulSetType, ns, ChildNames.Redis(app), cancellationToken);
            foreach (var claim in claims)
            {
                await context.Client.DeleteAsync(RedisDataClaims.Type, ns, claim, cancellationToken);
            }

            await context.Events.RecordAsync(app, EventType.Normal, "Deleted",
                $"Deleted {RedisDataClaims.Describe(claims)} with the TodoApp: spec.redis.storage.whenDeleted is Delete.", cancellationToken);
        }

        await SetFinalizerAsync(app, context, present: false, cancellationToken);
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
