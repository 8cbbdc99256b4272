using System.Text.Json.Nodes;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// The Redis volume outside the owner-reference world: it is deleted with its TodoApp only when the spec asks
/// (spec.redis.storage.whenDeleted: Delete; through the StatefulSet's persistentVolumeClaimRetentionPolicy where the
/// cluster has it, else through a finalizer on the TodoApp), it never serves a later TodoApp of the same name unless that
/// one asks to adopt it, and it carries no label ArgoCD could take for its own.
/// </summary>
internal sealed class RedisDataLifecycle(IResourceClient client, IInformerCache cache, IEventRecorder events)
{
    public const string Finalizer = "todo.gitops.dev/redis-data";

    private static readonly ResourceType PrimaryType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType ClaimType = RedisDataClaim.Kind.Declared;
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    /// <summary>The finalizer is there exactly while the volume is to be deleted with the app and no StatefulSet policy does it.</summary>
    public static bool NeedsFinalizer(TodoApp app, bool servesClaimRetentionPolicy) =>
        app.Spec.Redis is { Persistence: RedisPersistence.Aof, Storage.WhenDeleted: RedisDataRetention.Delete } && !servesClaimRetentionPolicy;

    public static bool HasFinalizer(TodoApp app) => app.Metadata.Finalizers?.Contains(Finalizer) is true;

    /// <summary>Adds or removes the finalizer; added before the claim can exist, so no claim is ever left unguarded.</summary>
    public async Task EnsureFinalizerAsync(TodoApp app, bool servesClaimRetentionPolicy, CancellationToken cancellationToken)
    {
        var wanted = NeedsFinalizer(app, servesClaimRetentionPolicy);
        if (wanted != HasFinalizer(app))
        {
            await SetFinalizerAsync(app, wanted, cancellationToken);
        }
    }

    /// <summary>
    /// Why Redis must not start yet, or null: before the StatefulSet is created, a claim of its name that holds another
    /// app's data (or data of nobody known) is refused unless the spec adopts it, and one being deleted is waited for.
    /// A cache miss is confirmed against the API server: a claim made by hand carries none of the labels the cache selects.
    /// </summary>
    public async Task<ReconcileFailure?> RefusedClaimAsync(TodoApp app, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        if (app.Spec.Redis.Persistence is not RedisPersistence.Aof || cache.Get(StatefulSetType, ns, ChildNames.Redis(app)) is not null)
        {
            return null;
        }

        var name = RedisDataClaim.Name(app);
        var claim = Claim(app) ?? await client.GetAsync<V1PersistentVolumeClaim>(ClaimType, ns, name, cancellationToken);
        if (claim is null || RedisDataClaim.BelongsTo(claim, app))
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

        var owner = claim.Metadata.Labels?.TryGetValue(RedisDataClaim.OwnerUidLabel, out var uid) is true ? $"the TodoApp of uid {uid}" : "no TodoApp known to the operator";
        return new ReconcileFailure(
            "ClaimOfAnotherApp",
            $"PersistentVolumeClaim {name} holds the data of {owner}, not of this one (uid {app.Metadata.Uid}); Redis is not started on it. "
            + $"To keep that data, set spec.redis.storage.adoptExistingClaim: true; to start empty, delete the claim (kubectl delete pvc {name} -n {ns}).",
            NeedsAction: true);
    }

    /// <summary>The storage the existing claim asks for, which may have been expanded past the StatefulSet's template.</summary>
    public string? ClaimSize(TodoApp app) =>
        Claim(app)?.Spec?.Resources?.Requests?.TryGetValue("storage", out var size) is true ? size.ToString() : null;

    /// <summary>
    /// Gives the claim the app's Redis runs on the labels and annotations it must have (<see cref="RedisDataClaim.Stamp"/>):
    /// claims from before carry ArgoCD's instance label, and an adopted one the uid of the app that left it. A claim its own
    /// StatefulSet just made only loses the selector's instance label the StatefulSet controller added: routine, so no
    /// Event says it (one per new app, and nothing a person needs to know); relabelling any other claim is reported.
    /// </summary>
    public async Task StampClaimAsync(TodoApp app, ChildChanges changes, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        if (Claim(app) is not { } claim
            || cache.Get(StatefulSetType, ns, ChildNames.Redis(app)) is not { } statefulSet
            || statefulSet.Metadata.OwnerReferences?.Any(owner => owner.Controller is true && owner.Uid == app.Metadata.Uid) is not true
            || RedisDataClaim.Stamp(claim, app) is not { } patch)
        {
            return;
        }

        await client.MergePatchAsync<V1PersistentVolumeClaim>(ClaimType, ns, claim.Metadata.Name, patch, subresource: null, cancellationToken);
        if (!RedisDataClaim.MadeFromTemplate(claim, app))
        {
            changes.Add("ClaimLabelled", "Labelled", $"PersistentVolumeClaim {claim.Metadata.Name} as this app's Redis data, which ArgoCD never prunes");
        }
    }

    /// <summary>
    /// The app is being deleted: with the finalizer, delete the StatefulSet (so nothing makes a new claim) and the claim if
    /// the spec still says Delete, then let the deletion go on. The claim disappears once no pod uses it.
    /// </summary>
    public async Task OnDeletingAsync(TodoApp app, CancellationToken cancellationToken)
    {
        if (!HasFinalizer(app))
        {
            return;
        }

        if (app.Spec.Redis.Storage.WhenDeleted is RedisDataRetention.Delete)
        {
            var ns = app.Metadata.NamespaceProperty;
            var name = RedisDataClaim.Name(app);
            await client.DeleteAsync(StatefulSetType, ns, ChildNames.Redis(app), cancellationToken);
            await client.DeleteAsync(ClaimType, ns, name, cancellationToken);
            await events.RecordAsync(app, EventType.Normal, "Deleted",
                $"Deleted PersistentVolumeClaim {name} with the TodoApp: spec.redis.storage.whenDeleted is Delete.", cancellationToken);
        }

        await SetFinalizerAsync(app, present: false, cancellationToken);
    }

    private V1PersistentVolumeClaim? Claim(TodoApp app) =>
        cache.Get(ClaimType, app.Metadata.NamespaceProperty, RedisDataClaim.Name(app)) is { } cached ? Observed.As<V1PersistentVolumeClaim>(cached) : null;

    /// <summary>A merge patch of the whole finalizer list, made safe by the resourceVersion: a list changed meanwhile gets 409 and a retry.</summary>
    private async Task SetFinalizerAsync(TodoApp app, bool present, CancellationToken cancellationToken)
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
        var patched = await client.MergePatchAsync<TodoApp>(PrimaryType, app.Metadata.NamespaceProperty, app.Metadata.Name, patch, subresource: null, cancellationToken);
        app.Metadata.Finalizers = patched.Metadata?.Finalizers;
        app.Metadata.ResourceVersion = patched.Metadata?.ResourceVersion ?? app.Metadata.ResourceVersion;
    }
}
