using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// The reconcile loop of a TodoApp: validate, then for every child compare the cached object with its desired
/// state, apply what differs, delete what is no longer wanted, and report status and events. What the children
/// look like is decided by the pure builders in <see cref="Children"/>; this class only compares, applies and reports.
/// </summary>
internal sealed partial class TodoAppReconciler(
    IResourceClient client,
    IInformerCache cache,
    RedisPasswordResolver passwords,
    RedisDataLifecycle data,
    ClusterFeatures features,
    IEventRecorder events,
    TimeProvider time,
    IOptions<OperatorOptions> options,
    ILogger<TodoAppReconciler> logger) : IReconciler<TodoApp>
{
    /// <summary>How soon to look again when waiting on something the operator does not watch (a user's Secret).</summary>
    internal static readonly TimeSpan DependencyRetryDelay = TimeSpan.FromSeconds(30);

    private static readonly ResourceType PrimaryType = ResourceType.Of<TodoApp>();

    /// <summary>Answers that the same request gets again however often it is retried: bad request, forbidden, invalid.</summary>
    private static readonly HashSet<int> RefusedForGood = [400, 403, 422];

    public async Task<ReconciliationResult> ReconcileAsync(TodoApp app, CancellationToken cancellationToken)
    {
        // Being deleted (the garbage collector may be removing the children right now, as ArgoCD's foreground deletion
        // asks): writing a child would only bring it back for the collector to delete again.
        if (app.Metadata.DeletionTimestamp is not null)
        {
            await data.OnDeletingAsync(app, cancellationToken);
            return ReconciliationResult.Success();
        }

        if (SpecValidator.Validate(app) is { Count: > 0 } problems)
        {
            LogInvalidSpec(app.Metadata.NamespaceProperty, app.Metadata.Name, problems.Count);
            foreach (var problem in problems)
            {
                await events.RecordAsync(app, EventType.Warning, problem.Reason, $"{problem.Field}: {problem.Message}", cancellationToken);
            }

            await WriteStatusAsync(app, new StatusInputs { Problems = problems }, cancellationToken);
            return ReconciliationResult.Success();
        }

        if (app.Spec.Paused)
        {
            await WriteStatusAsync(app, await ObserveOnlyAsync(app, cancellationToken), cancellationToken);
            return ReconciliationResult.Success();
        }

        var changes = new ChildChanges();
        try
        {
            return await ConvergeChildrenAsync(app, changes, cancellationToken);
        }
        catch (ReconcileStepException e)
        {
            // What the steps before the failed one changed is reported too.
            await RecordChangesAsync(app, changes, cancellationToken);
            await events.RecordAsync(app, EventType.Warning, e.Failure.Reason, e.Failure.Message, cancellationToken);
            try
            {
                await WriteStatusAsync(app, new StatusInputs { Failure = e.Failure }, cancellationToken);
            }
            catch (Exception statusError) when (statusError is KubernetesException or TimeoutException or HttpRequestException)
            {
                // The API server that refused the step may refuse the status too; the step's error is the one to retry on.
                LogStatusNotWritten(statusError, app.Metadata.NamespaceProperty, app.Metadata.Name);
            }

            return ReconciliationResult.Failure(e.InnerException ?? e);
        }
    }

    private async Task<ReconciliationResult> ConvergeChildrenAsync(TodoApp app, ChildChanges changes, CancellationToken cancellationToken)
    {
        var password = await Step("ReadPasswordFailed", "Reading the Redis password Secret", () => passwords.ResolveAsync(app, cancellationToken));
        if (password.Failure is { } missing)
        {
            await events.RecordAsync(app, EventType.Warning, missing.Reason, missing.Message, cancellationToken);
            await WriteStatusAsync(app, new StatusInputs { Failure = missing }, cancellationToken);
            return ReconciliationResult.Success(DependencyRetryDelay);
        }

        var servesClaimRetentionPolicy = await Step("ReadVersionFailed", "Reading the API server's version", () => features.ServesClaimRetentionPolicyAsync(cancellationToken));
        await Step("ApplyFailed", $"The finalizer {RedisDataLifecycle.Finalizer}", () => data.EnsureFinalizerAsync(app, servesClaimRetentionPolicy, cancellationToken));
        if (await Step("ReadClaimFailed", "Reading the Redis volume claim", () => data.RefusedClaimAsync(app, cancellationToken)) is { } refused)
        {
            await events.RecordAsync(app, EventType.Warning, refused.Reason, refused.Message, cancellationToken);
            await WriteStatusAsync(app, new StatusInputs { Failure = refused }, cancellationToken);
            return ReconciliationResult.Success(DependencyRetryDelay);
        }

        var context = Context(app, password, servesClaimRetentionPolicy);
        var plan = ChildPlan.For(app, context.Resources, ChildResources.All);
        var observed = new List<ObservedChild>();
        foreach (var child in plan.Apply)
        {
            observed.Add(new ObservedChild(child, await Step("ApplyFailed", $"{child.Type.Kind} {child.Name}", () => ConvergeAsync(app, child, context, changes, cancellationToken))));
        }

        await Step("ApplyFailed", $"PersistentVolumeClaim {RedisDataClaim.Name(app)}", () => data.StampClaimAsync(app, changes, cancellationToken));

        // Pruned only once every wanted child is in place: the pods may still read the generated Secret until
        // their templates point at the user's one.
        foreach (var child in plan.Prune)
        {
            await Step("DeleteFailed", $"{child.Type.Kind} {child.Name}", () => PruneAsync(app, child, changes, cancellationToken));
        }

        await RecordChangesAsync(app, changes, cancellationToken);
        if (app.Status is null && changes.Created && options.Value.ChildEventDelay > TimeSpan.Zero)
        {
            // A new app whose children were just created: the status now could only say that no controller has looked at
            // them yet, and their first answers reconcile the app again after ChildEventDelay (a new app has no status
            // meanwhile, which reads as Progressing). One status write then, not two; the requeue is the safety net.
            return ReconciliationResult.Success(options.Value.ChildEventDelay * 2);
        }

        await WriteStatusAsync(app, StatusInputs.Of(observed, plan.Unavailable), cancellationToken);
        return ReconciliationResult.Success();
    }

    private static async Task Step(string reason, string what, Func<Task> step) =>
        await Step(reason, what, async () =>
        {
            await step();
            return true;
        });

    /// <summary>Runs one step against the API server; its failure becomes a condition reason and message a human can act on.</summary>
    private static async Task<T> Step<T>(string reason, string what, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (KubernetesException e)
        {
            var message = $"{what}: {(e.Status?.Message is { Length: > 0 } text ? text : e.Message)}";
            throw new ReconcileStepException(new ReconcileFailure(reason, message, NeedsAction: e.Status?.Code is { } code && RefusedForGood.Contains(code)), e);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException)
        {
            throw new ReconcileStepException(new ReconcileFailure(reason, $"{what}: the API server could not be reached ({e.Message})"), e);
        }
    }

    /// <summary>Deletes a child the spec no longer asks for, if it exists.</summary>
    private async Task<bool> PruneAsync(TodoApp app, PlannedChild child, ChildChanges changes, CancellationToken cancellationToken)
    {
        if (cache.Get(child.Type, app.Metadata.NamespaceProperty, child.Name) is null)
        {
            return false;
        }

        await client.DeleteAsync(child.Type, app.Metadata.NamespaceProperty, child.Name, cancellationToken);
        changes.Add("Deleted", $"{child.Type.Kind} {child.Name} (the spec no longer asks for it)");
        return true;
    }

    /// <summary>Brings one wanted child to its desired state; returns the object as it now stands.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>> ConvergeAsync(
        TodoApp app,
        PlannedChild planned,
        ChildContext context,
        ChildChanges changes,
        CancellationToken cancellationToken)
    {
        var (child, type, name) = planned;
        var ns = app.Metadata.NamespaceProperty;
        var observed = cache.Get(type, ns, name);
        var desired = child.Desired(app, context);
        if (observed is not null && child is IImmutableFields immutable)
        {
            (desired, var notApplied) = immutable.KeepImmutable(app, context, desired, observed);
            if (notApplied is not null)
            {
                await events.RecordAsync(app, EventType.Warning, "ChangeNotApplied", notApplied, cancellationToken);
            }
        }

        DesiredStateHash.Stamp(desired);
        if (observed is not null)
        {
            if (DesiredStateDiff.FirstDifference(desired, observed) is not { } difference)
            {
                return observed;
            }

            // Only the path: values can be secret (the Redis password).
            LogDrift(type.Kind, ns, name, difference);
            if (child is IFieldHandover handover && handover.Handover(app, observed, options.Value.FieldManager) is { } kept)
            {
                await client.ApplyAsync(type, kept, cancellationToken, IFieldHandover.Manager);
            }
        }

        var applied = await client.ApplyAsync(type, desired, cancellationToken);
        changes.Add(observed is null ? "Created" : "Updated", $"{type.Kind} {name}");
        return applied;
    }

    /// <summary>One Normal Event for everything the reconcile changed, if it changed anything.</summary>
    private async Task RecordChangesAsync(TodoApp app, ChildChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Summary() is var (reason, message))
        {
            await events.RecordAsync(app, EventType.Normal, reason, message, cancellationToken);
        }
    }

    /// <summary>What the builders need beyond the app: the password, what the cluster can do and what it holds.</summary>
    private ChildContext Context(TodoApp app, RedisPasswordResolver.PasswordResolution password, bool servesClaimRetentionPolicy)
    {
        var ns = app.Metadata.NamespaceProperty;
        var api = cache.Get(ResourceType.Of<V1Deployment>(), ns, ChildNames.TodoApi(app)) is { } deployment ? Observed.As<V1Deployment>(deployment) : null;
        var redis = cache.Get(ResourceType.Of<V1StatefulSet>(), ns, ChildNames.Redis(app)) is { } statefulSet ? Observed.As<V1StatefulSet>(statefulSet) : null;
        return new ChildContext(cache.Synced, password.Generated)
        {
            ServesClaimRetentionPolicy = servesClaimRetentionPolicy,
            RedisClaimSize = data.ClaimSize(app),
            CurrentApiReplicas = api?.Spec?.Replicas,
            RedisPasswordVersion = password.Version,
            ApiRedisPasswordVersion = password.Version is { } version ? RedisPassword.ForTheApi(version, redis, api) : null,
        };
    }

    /// <summary>
    /// The status of a paused app: the children as they stand, nothing changed; a child that does not hold what the
    /// current spec asks is not ready, so that Ready never claims a spec the operator was told not to roll out.
    /// </summary>
    private async Task<StatusInputs> ObserveOnlyAsync(TodoApp app, CancellationToken cancellationToken)
    {
        var context = await ContextIfReadableAsync(app, cancellationToken);
        var plan = ChildPlan.For(app, cache.Synced, ChildResources.All);
        var children = new List<ObservedChild>();
        foreach (var planned in plan.Apply)
        {
            var observed = cache.Get(planned.Type, app.Metadata.NamespaceProperty, planned.Name);
            var pending = observed is not null && context is not null && Differs(app, planned, context, observed)
                ? $"{planned.Type.Kind} {planned.Name} does not match the spec yet: spec.paused is true, so the operator does not change it."
                : null;
            children.Add(new ObservedChild(planned, observed, pending));
        }

        return StatusInputs.Of(children, plan.Unavailable);
    }

    /// <summary>The context for comparing, when what it is built from can be read now; a paused app is reported on either way.</summary>
    private async Task<ChildContext?> ContextIfReadableAsync(TodoApp app, CancellationToken cancellationToken)
    {
        try
        {
            var password = await passwords.ResolveAsync(app, cancellationToken);
            return password.Failure is null ? Context(app, password, await features.ServesClaimRetentionPolicyAsync(cancellationToken)) : null;
        }
        catch (Exception e) when (e is KubernetesException or TimeoutException or HttpRequestException)
        {
            return null;
        }
    }

    private static bool Differs(TodoApp app, PlannedChild planned, ChildContext context, IKubernetesObject<V1ObjectMeta> observed)
    {
        var desired = planned.Child.Desired(app, context);
        if (planned.Child is IImmutableFields immutable)
        {
            desired = immutable.KeepImmutable(app, context, desired, observed).Desired;
        }

        DesiredStateHash.Stamp(desired);
        return DesiredStateDiff.FirstDifference(desired, observed) is not null;
    }

    private async Task WriteStatusAsync(TodoApp app, StatusInputs inputs, CancellationToken cancellationToken)
    {
        var status = StatusBuilder.Build(app, inputs, time.GetUtcNow().UtcDateTime);
        if (!StatusBuilder.HasChanged(app.Status, status))
        {
            return;
        }

        await client.PatchStatusAsync<TodoApp>(PrimaryType, app.Metadata.NamespaceProperty, app.Metadata.Name, status, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TodoApp {Namespace}/{Name} has {Count} spec problems; nothing is applied until they are fixed")]
    private partial void LogInvalidSpec(string @namespace, string name, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status of TodoApp {Namespace}/{Name} could not be written")]
    private partial void LogStatusNotWritten(Exception exception, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} differs from its desired state at {Path}; applying")]
    private partial void LogDrift(string kind, string @namespace, string name, string path);
}
