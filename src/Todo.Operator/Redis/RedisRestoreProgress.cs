using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Follows a restore until Redis runs: the restore init container (<see cref="RedisRestore"/>) refuses a damaged file and
/// Redis then never starts, which the StatefulSet's status cannot tell from a slow start (no ready replica either way). So
/// while a restored Redis is not ready, its pods are read (a list, not a watch: only then, and only for an app that
/// restores) and the init container's end becomes the app's status: failed, with the reason it wrote, as RestoreFailed.
/// No watch reports a pod's init container either, so a restore in progress is looked at again after
/// <see cref="RecheckDelay"/>.
/// </summary>
internal sealed class RedisRestoreProgress : AppStep
{
    public const string Failed = "RestoreFailed";

    /// <summary>How soon a restore in progress is looked at again: the kubelet starts the init container within seconds.</summary>
    public static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(10);

    private static readonly ResourceType PodType = ResourceType.Of<V1Pod>();

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisRestoreSource)), Dependency.On(nameof(RedisStatefulSet))];

    public override string FailureReason => "ReadRedisPodsFailed";

    public override string Describe(TodoApp app) => "Following the restore of Redis' data";

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.Restore is not null;

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var children = context.Children.For(this);
        if (children.Result(RedisMembers.RestoreSource) is not { } source
            || children.Observed(RedisMembers.StatefulSet, app) is not { } redis
            || WorkloadReadiness.Of(redis).IsReady)
        {
            return MemberOutcome.Ready;
        }

        var pods = await context.Client.ListAsync<V1Pod>(
            PodType, app.Metadata.NamespaceProperty, AppLabels.SelectorString(app, AppLabels.RedisComponent), null, cancellationToken);
        return Assess(app, source, pods.Items);
    }

    /// <summary>
    /// The restore as the Redis pods show it: failed when a pod's restore container ended with an error (in its current
    /// or its last run: the kubelet retries it with backoff), in progress while a pod's has not ended yet, done otherwise.
    /// </summary>
    public static MemberOutcome Assess(TodoApp app, RestoreSource source, IEnumerable<V1Pod> pods)
    {
        var restoring = new List<string>();
        foreach (var pod in pods.OrderBy(pod => pod.Metadata.Name, StringComparer.Ordinal))
        {
            var restore = pod.Status?.InitContainerStatuses?.FirstOrDefault(status => status.Name == RedisRestore.ContainerName);
            switch (restore?.State?.Terminated ?? restore?.LastState?.Terminated)
            {
                case { ExitCode: not 0 } ended:
                    return MemberOutcome.Failed(new ReconcileFailure(Failed, FailureMessage(app, source, pod.Metadata.Name, ended), NeedsAction: true));
                case null:
                    restoring.Add(pod.Metadata.Name);
                    break;
            }
        }

        return restoring.Count > 0
            ? MemberOutcome.NotReady($"Redis pod {string.Join(", ", restoring)} is restoring TodoAppBackup {source.Backup} ({source.File} on {source.Claim}).", RecheckDelay)
            : MemberOutcome.Ready;
    }

    private static string FailureMessage(TodoApp app, RestoreSource source, string pod, V1ContainerStateTerminated ended)
    {
        var why = ended.Message?.Trim() is { Length: > 0 } message
            ? message[Math.Max(0, message.Length - 400)..]
            : $"its {RedisRestore.ContainerName} container ended with exit code {ended.ExitCode} ({ended.Reason})";
        return $"Redis pod {pod} cannot restore TodoAppBackup {source.Backup}: {why}. Redis was not started on the file and the API serves "
            + $"nothing. To restore from another backup, delete this TodoApp and its empty volume claim {RedisDataClaims.Name(app, 0)}, then create it "
            + "again with spec.redis.restore.fromBackup naming a backup whose file is intact.";
    }
}
