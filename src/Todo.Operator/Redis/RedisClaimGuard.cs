using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Reads the app's data claims, and refuses to let Redis start on one that is not the app's: before the StatefulSet makes
/// a pod's claim (a new app, or one that scales up), a claim of that name that holds another app's data (or data of nobody
/// known) holds Redis back unless the spec adopts it, and one being deleted is waited for. A claim the StatefulSet already
/// runs on is past guarding (claims of an earlier operator version carry no uid until they are stamped). A cache miss of
/// a guarded claim is confirmed against the API server: a claim made by hand carries none of the labels the cache selects.
/// </summary>
internal sealed class RedisClaimGuard : AppStep<RedisClaims>
{
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override string FailureReason => "ReadClaimFailed";

    public override string Describe(TodoApp app) => "Reading the Redis volume claims";

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (app.Spec.Redis.Persistence is not RedisPersistence.Aof)
        {
            return Ready(context, RedisClaims.None);
        }

        var ns = app.Metadata.NamespaceProperty;
        var statefulSet = context.Cached(StatefulSetType, ns, ChildNames.Redis(app)) is { } cached ? ObjectCopy.As<V1StatefulSet>(cached) : null;
        var made = statefulSet is null ? 0 : statefulSet.Spec?.Replicas ?? 1;
        var existing = new List<V1PersistentVolumeClaim>();
        for (var ordinal = 0; ordinal < Math.Max(made, RedisStatefulSet.Pods(app)); ordinal++)
        {
            var name = RedisDataClaims.Name(app, ordinal);
            var claim = context.Cached(RedisDataClaims.Type, ns, name) is { } found ? ObjectCopy.As<V1PersistentVolumeClaim>(found) : null;
            if (ordinal >= made)
            {
                claim ??= await context.Client.GetAsync<V1PersistentVolumeClaim>(RedisDataClaims.Type, ns, name, cancellationToken);
                if (claim is not null && Refusal(app, claim) is { } refused)
                {
                    return MemberOutcome.Failed(refused);
                }
            }

            if (claim is not null)
            {
                existing.Add(claim);
            }
        }

        return Ready(context, new RedisClaims(existing));
    }

    private static ReconcileFailure? Refusal(TodoApp app, V1PersistentVolumeClaim claim)
    {
        var name = claim.Metadata.Name;
        if (RedisDataClaims.BelongsTo(claim, app))
        {
            return null;
        }

        if (claim.Metadata.DeletionTimestamp is not null)
        {
            return new ReconcileFailure(
                "ClaimBeingDeleted",
                $"PersistentVolumeClaim {name}, left by an earlier TodoApp, is being deleted; Redis starts on a new volume once it is gone.");
        }

        if (app.Spec.Redis.Storage.AdoptExistingClaim)
        {
            return null;
        }

        var owner = claim.Metadata.Labels?.TryGetValue(RedisDataClaims.OwnerUidLabel, out var uid) is true ? $"the TodoApp of uid {uid}" : "no TodoApp known to the operator";
        return new ReconcileFailure(
            "ClaimOfAnotherApp",
            $"PersistentVolumeClaim {name} holds the data of {owner}, not of this one (uid {app.Metadata.Uid}); Redis is not started on it. "
            + $"To keep that data, set spec.redis.storage.adoptExistingClaim: true; to start empty, delete the claim (kubectl delete pvc {name} -n {app.Metadata.NamespaceProperty}).",
            NeedsAction: true);
    }
}
