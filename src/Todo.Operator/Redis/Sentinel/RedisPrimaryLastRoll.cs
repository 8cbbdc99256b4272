using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Rolls a Sentinel-mode app's data pods onto a new spec (a Redis image, resources, a password), which their StatefulSet
/// leaves to the operator (<c>OnDelete</c>): one pod at a time, replicas first and the primary last
/// (<see cref="PrimaryLastRollPlan"/> decides), so a roll fails over once. The pods are listed only while the StatefulSet
/// has pods on an old revision; no watch says when a restarted replica is in sync again, so meanwhile the app is looked at
/// again every <see cref="RecheckDelay"/>.
/// </summary>
internal sealed class RedisPrimaryLastRoll : AppStep
{
    public static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(5);

    private static readonly ResourceType PodType = ResourceType.Of<V1Pod>();

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisStatefulSet))];

    public override string FailureReason => "RollRedisPodsFailed";

    public override string Describe(TodoApp app) => "Restarting the Redis data pods on the new spec, the primary last";

    public override bool IsWanted(TodoApp app) => RedisTopology.UsesSentinel(app);

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (context.Children.For(this).Observed(RedisMembers.StatefulSet, app) is not { } statefulSet || !HasOldPods(statefulSet))
        {
            return MemberOutcome.Ready;
        }

        var ns = app.Metadata.NamespaceProperty;
        var pods = await context.Client.ListAsync<V1Pod>(PodType, ns, AppLabels.SelectorString(app, AppLabels.RedisComponent), null, cancellationToken);
        var view = context.Service<SentinelObservations>().Latest(app)?.View;
        var decision = PrimaryLastRollPlan.Decide(pods.Items, statefulSet, view, context.Service<TimeProvider>().GetUtcNow().UtcDateTime);
        if (decision.Done)
        {
            return MemberOutcome.Ready;
        }

        if (decision.Delete is { } pod && context.ChangesAllowed)
        {
            await context.Client.DeleteAsync(PodType, ns, pod, cancellationToken);
            context.Changes.Add("RedisPodRestarted", "Restarted", $"Redis pod {pod} on revision {statefulSet.Status?.UpdateRevision}");
        }

        return MemberOutcome.NotReady(decision.Message!, RecheckDelay);
    }

    /// <summary>Whether the controller has seen the latest spec and counts fewer pods on its revision than it runs.</summary>
    private static bool HasOldPods(V1StatefulSet statefulSet) =>
        statefulSet.Status is { ObservedGeneration: { } observed } status
        && observed >= statefulSet.Metadata.Generation
        && (status.UpdatedReplicas ?? 0) < status.Replicas;
}
