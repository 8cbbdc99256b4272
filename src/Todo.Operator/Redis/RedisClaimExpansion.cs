using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Grows the Redis claims to a larger <c>spec.redis.storage.size</c> (<see cref="RedisVolumeExpansion"/> decides): the
/// StatefulSet's claim template can never change, but a claim's request can, where its StorageClass allows expansion. Not
/// ready while a claim is being resized; failed, with the reason, where the class does not allow it (nothing is patched).
/// The StorageClass is read only when a claim asks for less than the spec. The claims are only read from the cache, and
/// their events reconcile nothing, so while a resize runs the app is looked at again every <see cref="RecheckDelay"/>: the
/// status says when it is done without waiting for the resync.
/// </summary>
internal sealed class RedisClaimExpansion : AppStep
{
    /// <summary>How soon a resize in progress is looked at again (a cache read: the claim's capacity and conditions).</summary>
    public static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(15);

    // Cluster-scoped, which the model's attribute does not say: without it the client refuses to address a class without a namespace.
    private static readonly ResourceType StorageClassType = ResourceType.Of<V1StorageClass>() with { Namespaced = false };

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.OnReady(nameof(RedisClaimGuard))];

    public override string FailureReason => "ExpandClaimFailed";

    public override string Describe(TodoApp app) => $"Expanding the Redis volume claims to {app.Spec.Redis.Storage.Size}";

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.Persistence is RedisPersistence.Aof;

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var claims = context.Children.For(this).Result(RedisMembers.ClaimGuard).Existing;
        var size = app.Spec.Redis.Storage.Size;
        var decision = RedisVolumeExpansion.Decide(claims, className: null, storageClass: null, size);
        if (decision.Reason is RedisVolumeExpansion.NotExpandable && claims.Select(claim => claim.Spec?.StorageClassName).FirstOrDefault(name => name is not null) is { } className)
        {
            decision = RedisVolumeExpansion.Decide(claims, className, await ReadClassAsync(context, className, cancellationToken), size);
        }

        if (context.ChangesAllowed)
        {
            foreach (var name in decision.Patch)
            {
                await context.Client.MergePatchAsync<V1PersistentVolumeClaim>(
                    RedisDataClaims.Type, app.Metadata.NamespaceProperty, name, RedisVolumeExpansion.Patch(size), subresource: null, cancellationToken);
                context.Changes.Add("ClaimExpanded", "Expanded", $"PersistentVolumeClaim {name} to {size}");
            }
        }

        return decision switch
        {
            { Reason: RedisVolumeExpansion.NotExpandable, Message: { } message } => MemberOutcome.Failed(new ReconcileFailure(RedisVolumeExpansion.NotExpandable, message, NeedsAction: true)),
            { Reason: RedisVolumeExpansion.Expanding, Message: { } message } => MemberOutcome.NotReady(message, RecheckDelay),
            _ => MemberOutcome.Ready,
        };
    }

    /// <summary>The class, or null where it does not exist or the operator may not read it (a namespaced install: no ClusterRole).</summary>
    private static async Task<V1StorageClass?> ReadClassAsync(StepContext context, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Client.GetAsync<V1StorageClass>(StorageClassType, null, name, cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is 403)
        {
            return null;
        }
    }
}
