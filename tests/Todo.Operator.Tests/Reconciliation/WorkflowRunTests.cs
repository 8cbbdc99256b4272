using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// The TodoApp's workflow run by the reconciler: a member that waits for another to be ready is held until then and the
/// status says what it waits for; a failed member holds back its dependents while independent branches go on, and the
/// failure is reported; an error the API server will give again is retried slowly.
/// </summary>
public sealed class WorkflowRunTests
{
    private static readonly ResourceCatalog WithCronJobs = new([.. TestClusters.Current.Types, ResourceType.Of<V1CronJob>()]);

    [Fact]
    public async Task A_member_waiting_for_redis_is_created_only_once_redis_is_ready_and_the_status_says_what_it_waits_for()
    {
        var harness = new ReconcilerHarness(WithCronJobs, members: [.. TodoAppWorkflow.Members, new RedisBackupCronJob()]);
        var app = TestApps.Create();

        await harness.ReconcileAsync(app);

        Assert.Contains("apply StatefulSet shop-redis", harness.Server.Writes);
        Assert.DoesNotContain("apply CronJob shop-redis-backup", harness.Server.Writes);
        Assert.Equal(("False", "ChildrenNotReady"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Contains("CronJob shop-redis-backup waits for StatefulSet shop-redis to be ready.", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);

        harness.ReportRolledOut(TestApps.Namespace, "shop");
        await harness.ReconcileAsync(app);

        Assert.Contains("apply CronJob shop-redis-backup", harness.Server.Writes);
        Assert.Equal("True", app.Condition(ConditionTypes.Ready)?.Status);
    }

    [Fact]
    public async Task A_failed_child_holds_back_its_dependents_and_independent_branches_go_on()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        harness.Server.FailNext("apply", "Deployment", 503, "the server is currently unable to handle the request");

        var result = await harness.ReconcileAsync(app);

        Assert.False(result.IsSuccess);
        Assert.False(result.IsTerminal);
        Assert.Contains("apply StatefulSet shop-redis", harness.Server.Writes);
        Assert.Contains("apply Service shop-api", harness.Server.Writes);
        Assert.DoesNotContain(harness.Server.Writes, write => write.Split(' ') is [_, "HorizontalPodAutoscaler" or "PodDisruptionBudget" or "Ingress", _]);
        Assert.Equal("ApplyFailed", app.Condition(ConditionTypes.Ready)?.Reason);
        Assert.Contains(harness.Events.Recorded, recorded => recorded is (EventType.Warning, "ApplyFailed", "Deployment shop-api: the server is currently unable to handle the request"));
        Assert.Equal(
            "The operator retries with backoff. Held back until then: HorizontalPodAutoscaler shop-api, PodDisruptionBudget shop-api, Ingress shop.",
            app.Condition(ConditionTypes.Progressing)?.Message);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(403, true)]
    [InlineData(422, true)]
    [InlineData(409, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    public async Task Only_a_refusal_the_api_server_would_repeat_is_retried_slowly(int code, bool terminal)
    {
        var harness = new ReconcilerHarness();
        harness.Server.FailNext("apply", "Service", code, "refused");

        var result = await harness.ReconcileAsync(TestApps.Create());

        Assert.False(result.IsSuccess);
        Assert.Equal(terminal, result.IsTerminal);
    }

    [Fact]
    public async Task A_refusal_for_good_is_reported_as_degraded_at_once_with_the_api_servers_reason()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        harness.Server.FailNext("apply", "StatefulSet", 403, "statefulsets.apps \"shop-redis\" is forbidden: exceeded quota: pods");

        await harness.ReconcileAsync(app);

        Assert.Equal(("True", "ApplyFailed"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Equal("StatefulSet shop-redis: statefulsets.apps \"shop-redis\" is forbidden: exceeded quota: pods", app.Condition(ConditionTypes.Degraded)?.Message);
        Assert.StartsWith("Retrying soon cannot fix this", app.Condition(ConditionTypes.Progressing)?.Message, StringComparison.Ordinal);
    }

    /// <summary>The docs' example of a child that waits for another to be ready (docs/adding-a-child-kind.md).</summary>
    private sealed class RedisBackupCronJob : ChildResource<V1CronJob>
    {
        public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.OnReady(nameof(RedisStatefulSet))];

        public override string ObjectName(TodoApp app) => $"{ChildNames.Redis(app)}-backup";

        protected override V1CronJob Build(TodoApp app, ChildContext context) => new()
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Spec = new V1CronJobSpec { Schedule = "0 3 * * *", JobTemplate = new V1JobTemplateSpec() },
        };
    }
}
