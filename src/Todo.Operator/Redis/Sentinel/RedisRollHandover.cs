using System.Text.Json.Nodes;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Hands the roll of an existing data StatefulSet over when an app changes mode, before its new spec is applied: to the
/// operator (<c>OnDelete</c>, <see cref="RedisPrimaryLastRoll"/>) in Sentinel mode, back to the StatefulSet controller
/// (<c>RollingUpdate</c>) in Standalone mode. The API server defaults <c>rollingUpdate.partition</c> for RollingUpdate and
/// refuses it beside OnDelete; no field manager owns a defaulted field, so no apply can remove it. A merge patch sets the
/// type and removes it in one write; only on a change of mode.
/// </summary>
internal sealed class RedisRollHandover : AppStep
{
    public const string OnDelete = "OnDelete";
    public const string RollingUpdate = "RollingUpdate";

    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override string FailureReason => "HandOverRedisRollFailed";

    public override string Describe(TodoApp app) => $"Handing the roll of the Redis data pods to {(RedisTopology.UsesSentinel(app) ? "the operator" : "their StatefulSet")}";

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var name = ChildNames.Redis(app);
        var wanted = Strategy(app);
        if (context.ChangesAllowed
            && context.Cached(StatefulSetType, ns, name) is { } cached
            && ObjectCopy.As<V1StatefulSet>(cached).Spec?.UpdateStrategy?.Type is { } current
            && current != wanted)
        {
            await context.Client.MergePatchAsync<V1StatefulSet>(StatefulSetType, ns, name, Patch(wanted), subresource: null, cancellationToken);
        }

        return MemberOutcome.Ready;
    }

    /// <summary>Who rolls the data pods: the operator in Sentinel mode, the StatefulSet controller (the server's default) otherwise.</summary>
    public static string Strategy(TodoApp app) => RedisTopology.UsesSentinel(app) ? OnDelete : RollingUpdate;

    /// <summary>A null in a merge patch removes the field; a dictionary keeps it where the serializer leaves out null properties.</summary>
    private static JsonObject Patch(string type) => new() { ["spec"] = new JsonObject { ["updateStrategy"] = new JsonObject { ["type"] = type, ["rollingUpdate"] = null } } };
}
