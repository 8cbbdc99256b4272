using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Gives the claims the app's Redis pods run on the labels and annotations they must have (<see cref="RedisDataClaims.Stamp"/>):
/// claims from before carry ArgoCD's instance label, and an adopted one the uid of the app that left it. Only the claims of
/// the pods the app's own StatefulSet runs (ordinals below its replicas): one left above them by a scale-down may be
/// another app's. A new app's claims need nothing (its StatefulSet's selector has no instance label, see
/// <see cref="RedisDataClaims.Selector"/>); a claim just made by a StatefulSet from before that selector only loses the
/// instance label the StatefulSet controller copied from its selector: routine, so no Event says it (nothing a person
/// needs to know); relabelling any other claim is reported.
/// </summary>
internal sealed class RedisClaimStamping : AppStep
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisStatefulSet))];

    public override string FailureReason => "ApplyFailed";

    public override string Describe(TodoApp app) => $"Labelling the Redis volume claims of StatefulSet {RedisMembers.StatefulSet.ObjectName(app)}";

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.Persistence is RedisPersistence.Aof;

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (!context.ChangesAllowed
            || context.Children.For(this).Observed(RedisMembers.StatefulSet, app) is not { } statefulSet
            || statefulSet.Metadata.OwnerReferences?.Any(owner => owner.Controller is true && owner.Uid == app.Metadata.Uid) is not true)
        {
            return MemberOutcome.Ready;
        }

        var ns = app.Metadata.NamespaceProperty;
        foreach (var name in RedisDataClaims.Names(app, statefulSet.Spec?.Replicas ?? 1))
        {
            if (context.Cached(RedisDataClaims.Type, ns, name) is not { } cached
                || ObjectCopy.As<V1PersistentVolumeClaim>(cached) is not { } claim
                || RedisDataClaims.Stamp(claim, app) is not { } patch)
            {
                continue;
            }

            await context.Client.MergePatchAsync<V1PersistentVolumeClaim>(RedisDataClaims.Type, ns, name, patch, subresource: null, cancellationToken);
            if (!RedisDataClaims.MadeFromTemplate(claim, app))
            {
                context.Changes.Add("ClaimLabelled", "Labelled", $"PersistentVolumeClaim {name} as this app's Redis data, which ArgoCD never prunes");
            }
        }

        return MemberOutcome.Ready;
    }
}
