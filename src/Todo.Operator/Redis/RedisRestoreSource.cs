using k8s.Models;
using Todo.Operator.Backups;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Finds the backup <c>spec.redis.restore.fromBackup</c> names, once it is Completed, for the StatefulSet's restore init
/// container, and refuses to restore over data: a restore field on an app whose Redis already exists, or whose data claim
/// does (admitted while the webhook was down, or left by an earlier app), holds Redis back with a reason, as the webhook
/// refuses it (<see cref="Admission.RestoreRules"/>). A Redis made by this restore carries the backup's name on its pod
/// template, which is how the next reconciles know the data on the claim is the restored one; from then on the source is
/// read from that template, so that deleting the backup record changes nothing in the app.
/// </summary>
internal sealed class RedisRestoreSource : AppStep<RestoreSource?>
{
    /// <summary>On the Redis pod template: the backup its data was restored from.</summary>
    public const string RestoredFromAnnotation = "todo.gitops.dev/restored-from";

    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisClaimGuard))];

    public override string FailureReason => "ReadBackupFailed";

    public override string Describe(TodoApp app) => "Reading the backup to restore";

    public override Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (app.Spec.Redis.Restore is not { } restore)
        {
            return Task.FromResult(Ready(context, null));
        }

        var ns = app.Metadata.NamespaceProperty;
        var backup = context.Cached(TodoAppBackupReconciler.BackupType, ns, restore.FromBackup) is { } cached ? ObjectCopy.As<TodoAppBackup>(cached) : null;
        var redis = context.Cached(StatefulSetType, ns, ChildNames.Redis(app)) is { } found ? ObjectCopy.As<V1StatefulSet>(found) : null;
        var claims = context.Children.Result(RedisMembers.ClaimGuard);
        return Task.FromResult(Decide(app, restore.FromBackup, backup, redis, claims) switch
        {
            (var source, null) => Ready(context, source),
            (_, var failure) => MemberOutcome.Failed(failure),
        });
    }

    /// <summary>The source to restore from, or why not (yet).</summary>
    public static (RestoreSource? Source, ReconcileFailure? Failure) Decide(
        TodoApp app, string backupName, TodoAppBackup? backup, V1StatefulSet? redis, RedisClaims claims)
    {
        var restoredFrom = redis?.Spec?.Template?.Metadata?.Annotations?.TryGetValue(RestoredFromAnnotation, out var name) is true ? name : null;
        if (restoredFrom != backupName && (redis is not null || claims.Existing.Count > 0))
        {
            return (null, new ReconcileFailure(
                "RestoreOverData",
                $"spec.redis.restore.fromBackup: TodoApp {app.Metadata.Name} already has {(redis is not null ? $"its Redis (StatefulSet {redis.Metadata.Name})" : "a Redis volume")}, "
                + "and an app that has data is never overwritten. Remove spec.redis.restore, or create a new TodoApp with it.",
                NeedsAction: true));
        }

        // Restored already: what the Redis template holds is the source, whatever became of the backup record since.
        if (restoredFrom == backupName && RedisRestore.From(redis!.Spec.Template) is { } done)
        {
            return (done, null);
        }

        return backup switch
        {
            null => (null, new ReconcileFailure("BackupNotFound", $"spec.redis.restore.fromBackup: there is no TodoAppBackup {backupName} in namespace {app.Metadata.NamespaceProperty}; Redis waits for it.")),
            { Status.Phase: BackupPhase.Failed } => (null, new ReconcileFailure(
                "BackupFailed", $"spec.redis.restore.fromBackup: TodoAppBackup {backupName} failed ({backup.Status.Reason}); restore from a Completed one.", NeedsAction: true)),
            { Status: { Phase: BackupPhase.Completed, Claim: { } claim, File: { } file } } => (new RestoreSource(backupName, claim, file, backup.Spec.TodoApp), null),
            _ => (null, new ReconcileFailure("BackupNotCompleted", $"spec.redis.restore.fromBackup: TodoAppBackup {backupName} is not Completed yet; Redis waits for it.")),
        };
    }
}
