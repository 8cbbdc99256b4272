using k8s;
using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Backups;

/// <summary>
/// Takes one backup: waits until the app's Redis is rolled out and no earlier backup of the app is unfinished, makes the
/// app's backup claim if it has none, runs the backup Job, and once it ends copies what it reported into the status and
/// deletes it. A finished backup is never run again. Builders are pure (<see cref="BackupJob"/>, <see cref="BackupClaim"/>);
/// this class only compares, creates and reports.
/// </summary>
internal sealed partial class TodoAppBackupReconciler(
    IResourceClient client,
    IInformerCache cache,
    IEventRecorder events,
    TimeProvider time,
    ILogger<TodoAppBackupReconciler> logger) : IReconciler<TodoAppBackup>
{
    /// <summary>How soon to look again while waiting for something no watch of this controller reports (Redis rolling out, another backup).</summary>
    internal static readonly TimeSpan WaitDelay = TimeSpan.FromSeconds(10);

    public static ResourceType BackupType { get; } = ResourceType.Of<TodoAppBackup>();

    public static ResourceType JobType { get; } = ResourceType.Of<V1Job>();

    private static readonly ResourceType AppType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();
    private static readonly ResourceType ClaimType = ResourceType.Of<V1PersistentVolumeClaim>();
    private static readonly ResourceType PodType = ResourceType.Of<V1Pod>();

    public async Task<ReconciliationResult> ReconcileAsync(TodoAppBackup backup, CancellationToken cancellationToken)
    {
        var ns = backup.Metadata.NamespaceProperty;
        var job = cache.Get(JobType, ns, BackupNames.Job(backup)) is { } cachedJob ? ObjectCopy.As<V1Job>(cachedJob) : null;
        if (BackupQueue.IsFinal(backup) || backup.Metadata.DeletionTimestamp is not null)
        {
            // A completed backup's result is in its status, so its Job has nothing more to say; a failed one keeps its Job, and
            // the pod's log, for whoever looks into it (both go with the TodoAppBackup).
            if (job is not null && backup.Status?.Phase is BackupPhase.Completed)
            {
                await client.DeleteAsync(JobType, ns, job.Metadata.Name, cancellationToken);
            }

            return ReconciliationResult.Success();
        }

        if (job is not null)
        {
            return await FollowAsync(backup, job, cancellationToken);
        }

        if (backup.Status?.Phase is BackupPhase.Running)
        {
            return await ReportAsync(backup, Failed(backup, "JobLost", $"The backup Job {BackupNames.Job(backup)} disappeared before it finished; create a new TodoAppBackup."), cancellationToken);
        }

        var app = cache.Get(AppType, ns, backup.Spec.TodoApp) is { } cachedApp ? ObjectCopy.As<TodoApp>(cachedApp) : null;
        if (Refusal(backup, app) is { } refused)
        {
            return await ReportAsync(backup, refused, cancellationToken);
        }

        var redis = cache.Get(StatefulSetType, ns, ChildNames.Redis(app!)) is { } cachedRedis ? ObjectCopy.As<V1StatefulSet>(cachedRedis) : null;
        if (redis is null || !WorkloadReadiness.Of(redis).IsReady)
        {
            await ReportAsync(backup, Pending(backup, "RedisNotReady", $"Waiting for the Redis of TodoApp {app!.Metadata.Name} to be rolled out and ready."), cancellationToken);
            return ReconciliationResult.Success(WaitDelay);
        }

        var all = cache.List(BackupType).Select(ObjectCopy.As<TodoAppBackup>).ToList();
        if (BackupQueue.Ahead(backup, all) is { } ahead)
        {
            await ReportAsync(backup, Pending(backup, "AnotherBackupRunning", $"TodoAppBackup {ahead.Metadata.Name} of the same app goes first; one backup at a time."), cancellationToken);
            return ReconciliationResult.Success(WaitDelay);
        }

        await EnsureClaimAsync(app!, cancellationToken);
        await CreateJobAsync(backup, app!, [.. all.Where(other => other.Metadata.NamespaceProperty == ns && other.Spec.TodoApp == app!.Metadata.Name).Select(other => other.Metadata.Name)], cancellationToken);
        LogStarted(ns, backup.Metadata.Name, app!.Metadata.Name);
        await events.RecordAsync(backup, EventType.Normal, "Started", $"Job {BackupNames.Job(backup)} snapshots the Redis of TodoApp {app.Metadata.Name} to {BackupNames.Claim(app)}.", cancellationToken);
        return await ReportAsync(backup, (backup.Status ?? new TodoAppBackupStatus()) with
        {
            Phase = BackupPhase.Running,
            Reason = null,
            Message = null,
            StartedAt = time.GetUtcNow().UtcDateTime,
            Claim = BackupNames.Claim(app),
            TodoAppUid = app.Metadata.Uid,
        }, cancellationToken);
    }

    /// <summary>A backup that cannot start as asked, or null.</summary>
    private static TodoAppBackupStatus? Refusal(TodoAppBackup backup, TodoApp? app)
    {
        if (backup.Metadata.Name.Length > BackupNames.MaxBackupNameLength)
        {
            return Failed(backup, "NameTooLong", $"The name has {backup.Metadata.Name.Length} characters; its Job's name must stay within 63: use at most {BackupNames.MaxBackupNameLength}.");
        }

        return app is null
            ? Failed(backup, "TodoAppNotFound", $"There is no TodoApp {backup.Spec.TodoApp} in namespace {backup.Metadata.NamespaceProperty}.")
            : null;
    }

    /// <summary>A running Job: once it has ended, its report becomes the status (Completed or Failed).</summary>
    private async Task<ReconciliationResult> FollowAsync(TodoAppBackup backup, V1Job job, CancellationToken cancellationToken)
    {
        var ns = backup.Metadata.NamespaceProperty;
        if (BackupJobOutcome.Succeeded(job) is not { } succeeded)
        {
            return backup.Status?.Phase is BackupPhase.Running
                ? ReconciliationResult.Success()
                : await ReportAsync(backup, (backup.Status ?? new TodoAppBackupStatus()) with
                {
                    Phase = BackupPhase.Running,
                    Reason = null,
                    Message = null,
                    StartedAt = job.Metadata.CreationTimestamp,
                    Claim = BackupNames.Claim(backup.Spec.TodoApp),
                }, cancellationToken);
        }

        var pods = await client.ListAsync<V1Pod>(PodType, ns, $"job-name={job.Metadata.Name}", null, cancellationToken);
        var message = BackupJobOutcome.TerminationMessage(pods.Items);
        var (result, problem) = BackupResult.Parse(message, BackupNames.File(backup));
        var status = succeeded && result is not null
            ? (backup.Status ?? new TodoAppBackupStatus()) with
            {
                Phase = BackupPhase.Completed,
                Reason = null,
                Message = null,
                CompletedAt = time.GetUtcNow().UtcDateTime,
                Claim = BackupNames.Claim(backup.Spec.TodoApp),
                File = result.File,
                SizeBytes = result.SizeBytes,
                Sha256 = result.Sha256,
                RedisVersion = result.RedisVersion,
                Source = result.Source,
            }
            : Failed(backup, succeeded ? "BackupJobFailed" : BackupJobOutcome.ReasonOf(message), succeeded
                ? problem!
                : $"Job {job.Metadata.Name}: {BackupJobOutcome.FailureOf(job)}. {BackupJobOutcome.Tail(message)}Its log: kubectl logs -n {ns} job/{job.Metadata.Name}.");
        await events.RecordAsync(
            backup,
            status.Phase is BackupPhase.Completed ? EventType.Normal : EventType.Warning,
            status.Phase is BackupPhase.Completed ? "Completed" : status.Reason!,
            status.Phase is BackupPhase.Completed ? $"{status.File} ({status.SizeBytes} bytes) on {status.Claim}{(status.Source is { } source ? $", taken from replica {source}" : string.Empty)}." : status.Message!,
            cancellationToken);
        // The status first: should the deletion fail, the next reconcile of a completed backup deletes the Job.
        await ReportAsync(backup, status, cancellationToken);
        if (status.Phase is BackupPhase.Completed)
        {
            await client.DeleteAsync(JobType, ns, job.Metadata.Name, cancellationToken);
        }

        return ReconciliationResult.Success();
    }

    private async Task EnsureClaimAsync(TodoApp app, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var name = BackupNames.Claim(app);
        if (cache.Get(ClaimType, ns, name) is not null || await client.GetAsync<V1PersistentVolumeClaim>(ClaimType, ns, name, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await client.CreateAsync(ClaimType, BackupClaim.Build(app), cancellationToken);
            await events.RecordAsync(app, EventType.Normal, "BackupClaimCreated", $"PersistentVolumeClaim {name} holds this app's backups; it is kept when the app is deleted.", cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is 409)
        {
            // Made meanwhile (by an earlier reconcile whose answer was lost): it is there, as wanted.
        }
    }

    private async Task CreateJobAsync(TodoAppBackup backup, TodoApp app, IReadOnlyCollection<string> kept, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAsync(JobType, BackupJob.Build(backup, app, kept), cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is 409)
        {
            // The Job of this backup exists already: the name is the backup's own, so it can only be this backup's.
        }
    }

    private async Task<ReconciliationResult> ReportAsync(TodoAppBackup backup, TodoAppBackupStatus status, CancellationToken cancellationToken)
    {
        if (status != backup.Status)
        {
            await client.PatchStatusAsync<TodoAppBackup>(BackupType, backup.Metadata.NamespaceProperty, backup.Metadata.Name, status, cancellationToken);
        }

        return ReconciliationResult.Success();
    }

    private static TodoAppBackupStatus Pending(TodoAppBackup backup, string reason, string message) =>
        (backup.Status ?? new TodoAppBackupStatus()) with { Phase = BackupPhase.Pending, Reason = reason, Message = message };

    private static TodoAppBackupStatus Failed(TodoAppBackup backup, string reason, string message) =>
        (backup.Status ?? new TodoAppBackupStatus()) with { Phase = BackupPhase.Failed, Reason = reason, Message = message };

    [LoggerMessage(Level = LogLevel.Information, Message = "TodoAppBackup {Namespace}/{Name}: backing up TodoApp {App}")]
    private partial void LogStarted(string @namespace, string name, string app);
}
