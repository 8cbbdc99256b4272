using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;
using static Todo.Operator.Tests.Backups.BackupTests;

namespace Todo.Operator.Tests.Backups;

/// <summary>
/// A restore whose init container refuses the file is reported on the TodoApp, with the reason the container wrote, as
/// RestoreFailed; one in progress is looked at again, since no watch reports a pod's init container.
/// </summary>
public sealed class RestoreProgressTests
{
    private const string Checksum = "checksum mismatch for nightly.rdb: the file on the backup volume is not the one the backup wrote (damaged or cut short)";

    private static readonly TodoApp Restoring = TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "nightly" });
    private static readonly RestoreSource Source = new("nightly", "old-shop-backups", "nightly.rdb", "old-shop");

    private readonly ReconcilerHarness harness = new(new ResourceCatalog(
    [
        .. TodoAppWorkflow.Children.Select(child => child.Kind.Declared with { Version = child.Kind.Versions[0] }),
        RedisDataClaims.Type,
        ResourceType.Of<TodoAppBackup>(),
    ]));

    [Fact]
    public void A_restore_container_that_failed_and_waits_to_be_retried_fails_the_restore_with_what_it_wrote()
    {
        var pod = Pod(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } }, Ended(1, Checksum));

        var outcome = RedisRestoreProgress.Assess(Restoring, Source, [pod]);

        Assert.Equal((MemberState.Failed, RedisRestoreProgress.Failed, true), (outcome.State, outcome.Failure!.Reason, outcome.Failure.NeedsAction));
        Assert.StartsWith($"Redis pod shop-redis-0 cannot restore TodoAppBackup nightly: {Checksum}. Redis was not started", outcome.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("data-shop-redis-0", outcome.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_under_way_after_a_failure_is_still_a_failed_restore()
    {
        var pod = Pod(new V1ContainerState { Running = new V1ContainerStateRunning() }, Ended(1, "redis-check-rdb rejected nightly.rdb: it is no readable RDB snapshot"));

        var outcome = RedisRestoreProgress.Assess(Restoring, Source, [pod]);

        Assert.Contains("redis-check-rdb rejected nightly.rdb", outcome.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_that_wrote_nothing_is_reported_by_its_exit_code()
    {
        var outcome = RedisRestoreProgress.Assess(Restoring, Source, [Pod(new V1ContainerState { Terminated = Ended(137, message: null) }, last: null)]);

        Assert.Contains("its restore container ended with exit code 137 (Error)", outcome.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restore_under_way_is_not_ready_and_looked_at_again()
    {
        var outcome = RedisRestoreProgress.Assess(Restoring, Source, [Pod(new V1ContainerState { Running = new V1ContainerStateRunning() }, last: null)]);

        Assert.Equal((MemberState.NotReady, RedisRestoreProgress.RecheckDelay), (outcome.State, outcome.RecheckAfter));
        Assert.Equal("Redis pod shop-redis-0 is restoring TodoAppBackup nightly (nightly.rdb on old-shop-backups).", outcome.Readiness.Message);
    }

    [Fact]
    public void A_restore_that_succeeded_after_a_failed_try_is_done()
    {
        var outcome = RedisRestoreProgress.Assess(Restoring, Source, [Pod(new V1ContainerState { Terminated = Ended(0, message: null) }, Ended(1, Checksum))]);

        Assert.Equal(MemberState.Ready, outcome.State);
    }

    [Fact]
    public async Task The_app_reports_the_failed_restore_as_not_ready_and_degraded_with_a_warning_and_looks_again()
    {
        var app = await RestoringAppAsync();
        var pod = Pod(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } }, Ended(1, Checksum));
        harness.Server.Seed(pod);

        var result = await harness.ReconcileAsync(app);

        var (ready, degraded) = (app.Condition("Ready")!, app.Condition("Degraded")!);
        Assert.Equal(("False", RedisRestoreProgress.Failed), (ready.Status, ready.Reason));
        Assert.Equal(("True", RedisRestoreProgress.Failed), (degraded.Status, degraded.Reason));
        Assert.Contains(Checksum, ready.Message, StringComparison.Ordinal);
        var warning = Assert.Single(harness.Events.Recorded, recorded => recorded.Reason == RedisRestoreProgress.Failed);
        Assert.Equal((Runtime.Events.EventType.Warning, ready.Message), (warning.Type, warning.Message));
        Assert.Equal(TodoAppReconciler.DependencyRetryDelay, result.RequeueAfter);
    }

    [Fact]
    public async Task The_app_looks_again_soon_while_its_redis_restores()
    {
        var app = await RestoringAppAsync();
        harness.Server.Seed(Pod(new V1ContainerState { Running = new V1ContainerStateRunning() }, last: null));

        var result = await harness.ReconcileAsync(app);

        Assert.Equal(RedisRestoreProgress.RecheckDelay, result.RequeueAfter);
        Assert.Contains("Redis pod shop-redis-0 is restoring TodoAppBackup nightly", app.Condition("Ready")!.Message, StringComparison.Ordinal);
        Assert.Equal("False", app.Condition("Degraded")!.Status);
    }

    [Fact]
    public async Task A_redis_that_runs_is_not_looked_at()
    {
        var app = await RestoringAppAsync();
        harness.ReportRolledOut(TestApps.Namespace, TestApps.Name);
        var reads = harness.Server.Reads.Count;

        var result = await harness.ReconcileAsync(app);

        Assert.DoesNotContain(harness.Server.Reads[reads..], read => read.StartsWith("list Pod", StringComparison.Ordinal));
        Assert.Null(result.RequeueAfter);
        Assert.Equal("True", app.Condition("Ready")!.Status);
    }

    /// <summary>An app restoring from a Completed backup, reconciled once: its StatefulSet exists, and no pod has run yet.</summary>
    private async Task<TodoApp> RestoringAppAsync()
    {
        var backup = Backup("nightly", app: "old-shop");
        backup.Status = new TodoAppBackupStatus { Phase = BackupPhase.Completed, Claim = "old-shop-backups", File = "nightly.rdb" };
        harness.Server.Seed(backup);
        var app = TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "nightly" });
        await harness.ReconcileAsync(app);
        Assert.NotNull(harness.Server.Find(ResourceType.Of<V1StatefulSet>(), TestApps.Namespace, "shop-redis"));
        return app;
    }

    private static V1ContainerStateTerminated Ended(int exitCode, string? message) =>
        new() { ExitCode = exitCode, Reason = exitCode == 0 ? "Completed" : "Error", Message = message };

    private static V1Pod Pod(V1ContainerState state, V1ContainerStateTerminated? last) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "shop-redis-0",
            NamespaceProperty = TestApps.Namespace,
            Labels = AppLabels.Selector(Restoring, AppLabels.RedisComponent),
        },
        Status = new V1PodStatus
        {
            InitContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = RedisRestore.ContainerName,
                    State = state,
                    LastState = last is null ? new V1ContainerState() : new V1ContainerState { Terminated = last },
                },
            ],
        },
    };
}
