using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.Quarantine;

/// <summary>
/// Lets a TodoApp the operator cannot read finish deleting: no reconcile ever runs for it, so the Redis data finalizer it
/// may carry would hold its deletion forever. The finalizer goes and the volume claims stay: a spec that cannot be read is
/// not trusted to ask for their deletion (spec.redis.storage.whenDeleted), and a Warning says how to delete them by hand.
/// </summary>
internal static partial class UndecodableAppDeletion
{
    public const string ClaimKeptReason = "ClaimKept";

    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    public static bool IsHeldByUs(UndecodableObject undecodable) =>
        undecodable.Metadata is { DeletionTimestamp: not null, Finalizers: { } finalizers } && finalizers.Contains(RedisDataFinalizer.Finalizer);

    /// <summary>Removes the finalizer (a patch made safe by the resourceVersion: a list changed meanwhile gets 409 and a retry).</summary>
    public static async Task ReleaseAsync(UndecodableObject undecodable, IResourceClient client, IEventRecorder events, ILogger logger, CancellationToken cancellationToken)
    {
        var metadata = undecodable.Metadata;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = metadata.ResourceVersion,
                ["finalizers"] = new JsonArray([.. metadata.Finalizers.Where(finalizer => finalizer != RedisDataFinalizer.Finalizer).Select(finalizer => JsonValue.Create(finalizer))]),
            },
        };
        var claims = $"kubectl delete pvc -n {metadata.NamespaceProperty} -l {RedisDataClaims.OwnerUidLabel}={metadata.Uid}";
        try
        {
            await client.MergePatchAsync<PartialObjectMetadata>(TodoApps, metadata.NamespaceProperty, metadata.Name, patch, subresource: null, cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is (int)HttpStatusCode.UnprocessableEntity)
        {
            // An API server that validates the whole object on update refuses it while the stored spec is invalid.
            LogFinalizerRefused(logger, metadata.NamespaceProperty, metadata.Name, e.Status.Message);
            await events.RecordAsync(undecodable, EventType.Warning, UndecodableTodoAppReporter.Reason,
                $"The finalizer {RedisDataFinalizer.Finalizer} cannot be removed while this TodoApp cannot be read ({e.Status.Message}). Correct the field, "
                + $"or remove the finalizer by hand (kubectl patch todoapp {metadata.Name} -n {metadata.NamespaceProperty} --type=merge -p '{{\"metadata\":{{\"finalizers\":null}}}}'); "
                + $"its Redis volume claims are kept either way ({claims} deletes them).",
                cancellationToken);
            return;
        }

        await events.RecordAsync(undecodable, EventType.Warning, ClaimKeptReason,
            $"Kept the Redis volume claims of this TodoApp: its spec cannot be read, so spec.redis.storage.whenDeleted is not acted on. "
            + $"If the data is not wanted, delete them by hand ({claims}).",
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "TodoApp {Namespace}/{Name} cannot be decoded and the API server refuses to remove its finalizer ({Reason}); a Warning Event says how")]
    private static partial void LogFinalizerRefused(ILogger logger, string @namespace, string name, string? reason);
}
