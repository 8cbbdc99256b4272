using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Backups.Schedule;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// The reconcile loop of a TodoApp: validate, run the workflow (<see cref="TodoAppWorkflow"/>: every member in the order
/// its dependencies give, unwanted children pruned after), and report status and events. What the members do is theirs;
/// this class knows none of them by name, and only runs, gathers and reports.
/// </summary>
internal sealed partial class TodoAppReconciler(
    IResourceClient client,
    IInformerCache cache,
    Workflow<IAppMember> workflow,
    IEventRecorder events,
    TimeProvider time,
    IOptions<OperatorOptions> options,
    IServiceProvider services,
    SentinelObservations sentinels,
    PendingStatusWrites statusWrites,
    ILogger<TodoAppReconciler> logger) : IReconciler<TodoApp>
{
    /// <summary>The reason of the Normal Event recorded when the Sentinels name another primary.</summary>
    public const string RedisFailoverReason = "RedisFailover";

    /// <summary>The reason of the Warning Event recorded when a node comes to hold two data pods or two Sentinels of the app.</summary>
    public const string RedisPodsShareANodeReason = "RedisPodsShareANode";

    /// <summary>How soon to look again when waiting on something the operator does not watch (a user's Secret, a claim).</summary>
    internal static readonly TimeSpan DependencyRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a new app's first status waits for the controllers of its children to act on them (see
    /// <see cref="FirstReportWaits"/>); past it the status says what there is, so a stalled controller-manager still shows.
    /// A minute: a kube-controller-manager at its default client rate (20 requests/s) takes more than 30 s to make the
    /// pods of 100 apps created at once (bench/README.md), and each app past the deadline costs a second status write.
    /// </summary>
    internal static readonly TimeSpan FirstReportDeadline = TimeSpan.FromSeconds(60);

    private static readonly ResourceType PrimaryType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType BackupType = ResourceType.Of<TodoAppBackup>();
    private static readonly ResourceType PodType = ResourceType.Of<V1Pod>();

    public async Task<ReconciliationResult> ReconcileAsync(TodoApp app, CancellationToken cancellationToken)
    {
        var changes = new ChildChanges();
        var context = new StepContext(
            new ChildContext(cache.Synced, (type, name) => cache.Get(type, app.Metadata.NamespaceProperty, name), OperatorPods.Current),
            cache,
            client,
            events,
            changes,
            services,
            changesAllowed: !app.Spec.Paused);

        // Being deleted (the garbage collector may be removing the children right now, as ArgoCD's foreground deletion
        // asks): writing a child would only bring it back for the collector to delete again.
        if (app.Metadata.DeletionTimestamp is not null)
        {
            sentinels.Forget(app);
            statusWrites.Forget(app);
            return await CleanUpAsync(app, context, cancellationToken);
        }

        if (RedisTopology.UsesSentinel(app))
        {
            sentinels.Track(app, time.GetUtcNow().UtcDateTime);
        }
        else
        {
            sentinels.Forget(app);
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

        var steps = new TodoAppSteps(app, context, cache, client, events, options.Value.FieldManager, logger);
        var result = await workflow.RunAsync(steps, cancellationToken);
        if (app.Spec.Paused)
        {
            // A child that does not hold what the current spec asks is not ready, so that Ready never claims a spec the operator
            // was told not to roll out.
            await WriteStatusAsync(app, StatusInputs.Of(app, result, steps.Describe, steps.AsObserved), cancellationToken);
            return ReconciliationResult.Success();
        }

        return await ReportAsync(app, result, changes, steps, cancellationToken);
    }

    /// <summary>
    /// One Event for what the run changed and a Warning for each failure, then the status. API errors are retried as the
    /// runtime retries them (slowly when the API server refused for good); a failure only time or a person fixes (a Secret
    /// not created yet) is looked at again after <see cref="DependencyRetryDelay"/>, a member that asks to be looked at again
    /// (<see cref="MemberOutcome.RecheckAfter"/>) when it asks.
    /// </summary>
    private async Task<ReconciliationResult> ReportAsync(
        TodoApp app, WorkflowResult<IAppMember, MemberOutcome> result, ChildChanges changes, TodoAppSteps steps, CancellationToken cancellationToken)
    {
        await RecordChangesAsync(app, changes, cancellationToken);
        var failed = result.Failed.Select(run => run.Outcome!).ToList();
        foreach (var failure in failed.Select(outcome => outcome.Failure!))
        {
            await events.RecordAsync(app, EventType.Warning, failure.Reason, failure.Message, cancellationToken);
        }

        var inputs = StatusInputs.Of(app, result, steps.Describe);
        if (failed.Count == 0 && FirstReportWaits(app, changes, inputs))
        {
            return ReconciliationResult.Success(options.Value.ChildEventDelay * 2);
        }

        if (failed.Where(outcome => outcome.Error is not null).ToList() is not [var first, ..] errors)
        {
            await WriteStatusAsync(app, inputs, cancellationToken);
            var recheck = Earliest(failed.Count > 0 ? DependencyRetryDelay : null, result.Runs.Select(run => run.Outcome?.RecheckAfter).Min());
            return ReconciliationResult.Success(Earliest(recheck, BackupScheduleStep.Delay(app, time.GetUtcNow().UtcDateTime)));
        }

        try
        {
            await WriteStatusAsync(app, inputs, cancellationToken);
        }
        catch (Exception statusError) when (statusError is KubernetesException or TimeoutException or HttpRequestException)
        {
            // The API server that refused the step may refuse the status too; the step's error is the one to retry on.
            LogStatusNotWritten(statusError, app.Metadata.NamespaceProperty, app.Metadata.Name);
        }

        // Retrying soon helps as soon as one error may pass; only when every one was refused for good is the retry slow.
        return errors.All(outcome => outcome.Failure!.NeedsAction)
            ? ReconciliationResult.TerminalFailure(first.Error!)
            : ReconciliationResult.Failure(errors.First(outcome => !outcome.Failure!.NeedsAction).Error!);
    }

    /// <summary>Each member with something to clean up does it, last member first, as the workflow's deletion order goes.</summary>
    private async Task<ReconciliationResult> CleanUpAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        foreach (var member in workflow.Members.Reverse().OfType<ICleanup>())
        {
            var outcome = await StepErrors.Guard("CleanupFailed", $"Cleaning up {member.Name}", async () =>
            {
                await member.CleanupAsync(app, context, cancellationToken);
                return MemberOutcome.Ready;
            });
            if (outcome.Error is { } error)
            {
                await events.RecordAsync(app, EventType.Warning, outcome.Failure!.Reason, outcome.Failure.Message, cancellationToken);
                return outcome.Failure.NeedsAction ? ReconciliationResult.TerminalFailure(error) : ReconciliationResult.Failure(error);
            }
        }

        return ReconciliationResult.Success();
    }

    /// <summary>One Normal Event for everything the reconcile changed, if it changed anything.</summary>
    private async Task RecordChangesAsync(TodoApp app, ChildChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Summary() is var (reason, message))
        {
            await events.RecordAsync(app, EventType.Normal, reason, message, cancellationToken);
        }
    }

    private static TimeSpan? Earliest(TimeSpan? first, TimeSpan? second) => first is null || second < first ? second : first;

    private static DateTime Later(DateTime first, DateTime second) => first > second ? first : second;

    /// <summary>
    /// Whether a new app's first status waits: its children were just created, or their controllers have not yet acted on
    /// them (seen their spec, made their pods). A status now could only say so, and the controllers' answers reconcile the
    /// app again after ChildEventDelay (a new app has no status meanwhile, which reads as Progressing): one status write
    /// for a new app, not one per step of its controllers. The requeue is the safety net, and <see cref="FirstReportDeadline"/>
    /// after its creation (or after this process started, for an app created before) the app reports whatever its children
    /// are doing.
    /// </summary>
    private bool FirstReportWaits(TodoApp app, ChildChanges changes, StatusInputs inputs)
    {
        if (app.Status is not null || options.Value.ChildEventDelay <= TimeSpan.Zero)
        {
            return false;
        }

        return changes.Created
            || (app.Metadata.CreationTimestamp is { } created
                && time.GetUtcNow().UtcDateTime - Later(created.ToUniversalTime(), statusWrites.ReportingSince) < FirstReportDeadline
                && inputs.Children.Any(child => child.Readiness.AwaitsController));
    }

    private async Task WriteStatusAsync(TodoApp app, StatusInputs inputs, CancellationToken cancellationToken)
    {
        var redisPods = await RedisPodsAsync(app, cancellationToken);
        var status = StatusBuilder.Build(
            app, inputs with { LastBackup = LastBackup(app), Sentinels = sentinels.Latest(app), RedisPods = redisPods }, time.GetUtcNow().UtcDateTime);
        var json = ModelJson.Serialize(status);
        if (statusWrites.AlreadyWritten(app, json) || !StatusBuilder.HasChanged(app.Status, status))
        {
            return;
        }

        await client.PatchStatusAsync<TodoApp>(PrimaryType, app.Metadata.NamespaceProperty, app.Metadata.Name, status, cancellationToken);
        statusWrites.Written(app, json);
        // After the write: a failed one is retried with the old primary still in the status, and the failover recorded then.
        if (RedisStatusBuilder.Failover(app.Status?.Redis, status.Redis) is var (old, promoted))
        {
            await events.RecordAsync(
                app, EventType.Normal, RedisFailoverReason, $"The Sentinels promoted {promoted} to Redis primary in place of {old}.", cancellationToken);
        }

        foreach (var shared in RedisStatusBuilder.NewlyShared(app.Status?.Redis, status.Redis))
        {
            await events.RecordAsync(app, EventType.Warning, RedisPodsShareANodeReason, RedisPodPlacement.Warning(app, shared), cancellationToken);
        }
    }

    /// <summary>
    /// Sentinel mode: the app's data pods and Sentinels, to report the nodes they share. Listed from the API server (the cache
    /// holds no pods), once per reconcile; null, so that the status keeps what it said, when the list fails: it only reports.
    /// </summary>
    private async Task<IReadOnlyList<V1Pod>?> RedisPodsAsync(TodoApp app, CancellationToken cancellationToken)
    {
        if (!RedisTopology.UsesSentinel(app))
        {
            return null;
        }

        try
        {
            var pods = await client.ListAsync<V1Pod>(PodType, app.Metadata.NamespaceProperty, RedisPodPlacement.Selector(app), null, cancellationToken);
            return pods.Items;
        }
        catch (Exception e) when (e is KubernetesException or TimeoutException or HttpRequestException)
        {
            LogRedisPodsNotListed(e, app.Metadata.NamespaceProperty, app.Metadata.Name);
            return null;
        }
    }

    private LastBackupStatus? LastBackup(TodoApp app) =>
        cache.Synced.Contains(BackupType)
        && BackupSchedulePlan.LastSuccess(app, cache.List(BackupType, app.Metadata.NamespaceProperty).Select(ObjectCopy.As<TodoAppBackup>)) is { Status.CompletedAt: { } completedAt } last
            ? new LastBackupStatus { Name = last.Metadata.Name, CompletedAt = completedAt }
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "TodoApp {Namespace}/{Name} has {Count} spec problems; nothing is applied until they are fixed")]
    private partial void LogInvalidSpec(string @namespace, string name, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis pods of TodoApp {Namespace}/{Name} could not be listed; the nodes they share are reported as before")]
    private partial void LogRedisPodsNotListed(Exception exception, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status of TodoApp {Namespace}/{Name} could not be written")]
    private partial void LogStatusNotWritten(Exception exception, string @namespace, string name);
}
