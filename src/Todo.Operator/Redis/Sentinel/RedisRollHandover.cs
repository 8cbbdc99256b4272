using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Hands the roll of an existing data StatefulSet (a Standalone app moving to Sentinel mode) from the StatefulSet controller to
/// the operator (<see cref="RedisPrimaryLastRoll"/>) before its new spec is applied. The API server defaulted
/// <c>rollingUpdate.partition</c> when the StatefulSet was made with RollingUpdate; no field manager owns a defaulted field,
/// so an apply of <c>OnDelete</c> cannot remove it, and the server refuses the pair. A merge patch sets the type and removes
/// it in one write.
/// </summary>
internal sealed class RedisRollHandover : AppStep
{
    public const string OnDelete = "OnDelete";

    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override string FailureReason => "HandOverRedisRollFailed";

    public override string Describe(TodoApp app) => "Handing the roll of the Redis data pods over to the operator";

    public override bool IsWanted(TodoApp app) => RedisTopology.UsesSentinel(app);

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var name = ChildNames.Redis(app);
        if (context.ChangesAllowed
            && context.Cached(StatefulSetType, ns, name) is { } cached
            && ObjectCopy.As<V1StatefulSet>(cached).Spec?.UpdateStrategy is { Type: not OnDelete })
        {
            await context.Client.MergePatchAsync<V1StatefulSet>(StatefulSetType, ns, name, Patch, subresource: null, cancellationToken);
        }

        return MemberOutcome.Ready;
    }

    /// <summary>A null in a merge patch removes the field; a dictionary keeps it where the serializer leaves out null properties.</summary>
    private static object Patch => new { spec = new { updateStrategy = new Dictionary<string, object?> { ["type"] = OnDelete, ["rollingUpdate"] = null } } };
}
