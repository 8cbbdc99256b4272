using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi.Monitoring;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>The reconcile loop on an in-memory API server and cache: what it writes, in which order, and what it reports.</summary>
public sealed class TodoAppReconcilerTests
{
    [Fact]
    public async Task A_new_app_gets_every_wanted_child_in_apply_order_and_one_status_write()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        var expected = TodoAppWorkflow.Children.Where(child => child.IsWanted(app)).Select(child => $"apply {child.Kind.Declared.Kind} {child.ObjectName(app)}");
        Assert.Equal([.. expected, "patch-status TodoApp shop"], harness.Server.Writes);
        Assert.All(harness.Server.Applied, applied => Assert.Equal(applied.Type.ApiVersion, applied.Object.ApiVersion));
        Assert.Contains(harness.Events.Recorded, recorded => recorded is (EventType.Normal, "Created", var message) && message.Contains("Deployment shop-api", StringComparison.Ordinal));
    }

    /// <summary>
    /// A new app's children were just created: the status is written once their controllers have answered (the child
    /// events reconcile it again), not also before, when it could only say nothing has looked at them yet.
    /// </summary>
    [Fact]
    public async Task A_new_app_reports_its_status_once_the_children_it_created_have_been_seen()
    {
        var delay = TimeSpan.FromSeconds(1);
        var harness = new ReconcilerHarness(childEventDelay: delay);
        var app = TestApps.FullyFeatured();

        var first = await harness.ReconcileAsync(app);

        Assert.Empty(harness.Server.StatusPatches);
        Assert.Equal(delay * 2, first.RequeueAfter);

        var second = await harness.ReconcileAsync(app);

        Assert.Null(second.RequeueAfter);
        Assert.Single(harness.Server.StatusPatches);
        Assert.Equal(app.Metadata.Generation, app.Status?.ObservedGeneration);
    }

    /// <summary>
    /// Under the load of many new apps the controllers' answers (the Deployment seen, its pods made) come over seconds, and
    /// each would change the status: the first status waits until they have acted.
    /// </summary>
    [Fact]
    public async Task A_new_apps_first_status_waits_until_the_controllers_have_acted_on_its_children()
    {
        var delay = TimeSpan.FromSeconds(1);
        var harness = new ReconcilerHarness(childEventDelay: delay);
        var app = TestApps.FullyFeatured();
        app.Metadata.CreationTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        await harness.ReconcileAsync(app);

        var unobserved = await harness.ReconcileAsync(app);
        var waited = harness.Server.StatusPatches.Count;
        harness.ReportRolledOut(TestApps.Namespace, app.Metadata.Name, apiAvailable: false);
        await harness.ReconcileAsync(app);

        Assert.Equal((delay * 2, 0), (unobserved.RequeueAfter, waited));
        Assert.Single(harness.Server.StatusPatches);
        Assert.Contains("Deployment shop-api has 0 of 2 replicas available", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An app created while no operator ran (or before this one started) is as new to it as one created now: its first status
    /// waits for the controllers too, the deadline counted from the operator's start.
    /// </summary>
    [Fact]
    public async Task An_app_created_before_the_operator_started_waits_for_its_controllers_too()
    {
        var harness = new ReconcilerHarness(childEventDelay: TimeSpan.FromSeconds(1));
        var app = TestApps.FullyFeatured();
        app.Metadata.CreationTimestamp = harness.Time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        await harness.ReconcileAsync(app);

        await harness.ReconcileAsync(app);

        Assert.Empty(harness.Server.StatusPatches);
    }

    /// <summary>A controller-manager that does not answer must still show: the first status waits no longer than the deadline.</summary>
    [Fact]
    public async Task A_new_app_whose_children_no_controller_acts_on_reports_them_after_the_deadline()
    {
        var harness = new ReconcilerHarness(childEventDelay: TimeSpan.FromSeconds(1));
        var app = TestApps.FullyFeatured();
        app.Metadata.CreationTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        await harness.ReconcileAsync(app);
        await harness.ReconcileAsync(app);
        var waited = harness.Server.StatusPatches.Count;

        harness.Time.Advance(TodoAppReconciler.FirstReportDeadline);
        await harness.ReconcileAsync(app);

        Assert.Equal(0, waited);
        Assert.Single(harness.Server.StatusPatches);
        Assert.Contains("Deployment shop-api has not yet observed its latest spec.", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Under load the informer delivers the operator's own status write after a child's event has reconciled the app again:
    /// the cache's copy of the version the write was based on (no status yet) must not have the same status written twice,
    /// while a copy of any other version is compared as it is.
    /// </summary>
    [Fact]
    public async Task A_status_is_not_written_twice_from_the_copy_the_cache_held_before_the_write()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        await harness.ReconcileAsync(app);
        var stale = ObjectCopy.Deep(app);
        stale.Status = null;

        await harness.Reconciler.ReconcileAsync(ObjectCopy.Deep(stale), TestContext.Current.CancellationToken);
        var fromStale = harness.Server.StatusPatches.Count;
        stale.Metadata.ResourceVersion = "a-later-version-someone-wrote";
        await harness.Reconciler.ReconcileAsync(stale, TestContext.Current.CancellationToken);

        Assert.Equal(1, fromStale);
        Assert.Equal(2, harness.Server.StatusPatches.Count);
    }

    /// <summary>One Event per reconcile, not one per child: each is an etcd write and a watch event for every watcher.</summary>
    [Fact]
    public async Task A_new_app_gets_one_event_naming_every_child_created()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();

        await harness.ReconcileAsync(app);

        var created = TodoAppWorkflow.Children.Where(child => child.IsWanted(app)).Select(child => $"{child.Kind.Declared.Kind} {child.ObjectName(app)}");
        var recorded = Assert.Single(harness.Events.Recorded);
        Assert.Equal((EventType.Normal, "Created", $"Created {string.Join(", ", created)}."), recorded);
    }

    /// <summary>
    /// The first reconcile of a new app reads from the API server only what the cache cannot vouch for: the Secrets of the
    /// generated passwords (a former leader may have written it before losing the lead, and the watch lag behind), and the
    /// claim, since a claim made by hand carries none of the labels the cache selects.
    /// </summary>
    [Fact]
    public async Task A_new_app_is_reconciled_from_the_cache_but_for_its_secret_and_claim()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();

        await harness.ReconcileAsync(app);

        Assert.Equal(["get Secret shop-redis-users", "get Secret shop-redis-password", "get PersistentVolumeClaim data-shop-redis-0"], harness.Server.Reads);
    }

    [Fact]
    public async Task Reconciling_a_converged_app_again_writes_nothing()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        await harness.ReconcileAsync(app);
        var writes = harness.Server.Writes.Count;
        var events = harness.Events.Recorded.Count;

        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await harness.ReconcileAsync(app);

        Assert.Empty(harness.WritesSince(writes));
        Assert.Equal(events, harness.Events.Recorded.Count);
    }

    [Fact]
    public async Task Status_is_written_again_only_when_what_it_reports_changes()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        Assert.Equal("ChildrenNotReady", app.Condition(ConditionTypes.Ready)?.Reason);
        var writes = harness.Server.Writes.Count;

        harness.ReportRolledOut(TestApps.Namespace, "shop");
        await harness.ReconcileAsync(app);

        Assert.Equal(["patch-status TodoApp shop"], harness.WritesSince(writes));
        Assert.Equal(("True", "AllChildrenReady"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Equal(1, app.Status?.ReadyReplicas);
    }

    [Fact]
    public async Task A_paused_app_is_reported_on_but_nothing_is_applied_or_pruned()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        app.Spec.Paused = true;
        app.Spec.Ingress = new IngressSpec { Enabled = true, Host = "todo.example.com" };
        app.Spec.NetworkPolicy.Enabled = false;
        await harness.Server.DeleteAsync(ResourceType.Of<V1Service>(), TestApps.Namespace, "shop-api", TestContext.Current.CancellationToken);
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.Equal(["patch-status TodoApp shop"], harness.WritesSince(writes));
        Assert.Equal(("False", "Paused"), (app.Condition(ConditionTypes.Progressing)?.Status, app.Condition(ConditionTypes.Progressing)?.Reason));
        Assert.Contains("Service shop-api does not exist.", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
        Assert.Contains("Ingress shop does not exist.", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
        Assert.NotNull(harness.Server.Find(ResourceType.Of<V1NetworkPolicy>(), TestApps.Namespace, "shop-default-deny"));
    }

    [Fact]
    public async Task An_invalid_spec_changes_nothing_and_is_reported_with_the_field_at_fault()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 6, MaxReplicas = 3 });

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.Equal(["patch-status TodoApp shop"], harness.Server.Writes);
        Assert.Equal(("True", "InvalidAutoscaling"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Contains(harness.Events.Recorded, recorded => recorded.Type == EventType.Warning && recorded.Message.StartsWith("spec.autoscaling:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unwanted_children_are_pruned_only_after_every_wanted_child_is_applied()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        await harness.ReconcileAsync(app);
        harness.Server.Seed(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "sealed",
                NamespaceProperty = TestApps.Namespace,
                Labels = new Dictionary<string, string> { ["todo.gitops.dev/redis-password"] = "true" },
            },
            Data = new Dictionary<string, byte[]> { ["password"] = "from-the-vault"u8.ToArray() },
        });
        app.Spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "sealed", Key = "password" };
        app.Spec.Ingress = new IngressSpec();
        var writes = harness.Server.Writes.Count;

        await harness.ReconcileAsync(app);

        var changed = harness.WritesSince(writes);
        var lastApply = changed.ToList().FindLastIndex(write => write.StartsWith("apply", StringComparison.Ordinal));
        var firstDelete = changed.ToList().FindIndex(write => write.StartsWith("delete", StringComparison.Ordinal));
        // In the reverse of the workflow's order: a member is deleted only after those that depend on it.
        Assert.Equal(["delete Ingress shop", "delete Secret shop-redis-password"], changed.Where(write => write.StartsWith("delete", StringComparison.Ordinal)));
        Assert.True(lastApply < firstDelete, $"a child was pruned before every wanted child was applied: {string.Join(", ", changed)}");
        Assert.Contains("apply Deployment shop-api", changed);
    }

    /// <summary>Builds before the base policy allowed the backup Jobs' way to Redis made a policy of its own for them.</summary>
    [Fact]
    public async Task The_retired_backup_policy_is_deleted_where_an_earlier_build_made_it_and_never_applied()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        Assert.DoesNotContain(harness.Server.Writes, write => write.Contains("shop-redis-backup", StringComparison.Ordinal));
        harness.Server.Seed(new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "shop-redis-backup", NamespaceProperty = TestApps.Namespace },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Egress"] },
        });
        var writes = harness.Server.Writes.Count;

        await harness.ReconcileAsync(app);

        Assert.Equal(["delete NetworkPolicy shop-redis-backup"], harness.WritesSince(writes).Where(write => !write.StartsWith("patch-status", StringComparison.Ordinal)));
        Assert.Null(harness.Server.Find(ResourceType.Of<V1NetworkPolicy>(), TestApps.Namespace, "shop-redis-backup"));
    }

    [Fact]
    public async Task A_failed_apply_prunes_nothing_and_is_retried_with_its_reason_in_the_status()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        await harness.ReconcileAsync(app);
        app.Spec.Ingress = new IngressSpec();
        app.Spec.Image.Tag = "1.2.4";
        harness.Server.FailNext("apply", "Deployment", 422, "Deployment.apps \"shop-api\" is invalid");
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsTerminal);
        Assert.DoesNotContain(harness.WritesSince(writes), write => write.StartsWith("delete", StringComparison.Ordinal));
        Assert.Equal(("False", "ApplyFailed"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Equal("Deployment shop-api: Deployment.apps \"shop-api\" is invalid", app.Condition(ConditionTypes.Ready)?.Message);
        Assert.Equal(("True", "Retrying"), (app.Condition(ConditionTypes.Progressing)?.Status, app.Condition(ConditionTypes.Progressing)?.Reason));
    }

    [Fact]
    public async Task When_the_status_cannot_be_written_either_the_failed_step_is_the_error_retried_on()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        harness.Server.FailNext("apply", "Service", 500, "the apply was refused");
        harness.Server.FailNext("patch-status", "TodoApp", 503, "the status write was refused");

        var result = await harness.ReconcileAsync(app);

        Assert.False(result.IsSuccess);
        Assert.Equal("the apply was refused", Assert.IsType<KubernetesException>(result.Error).Status.Message);
    }

    [Fact]
    public async Task An_autoscaler_is_written_in_the_version_the_cluster_serves()
    {
        var harness = new ReconcilerHarness(TestClusters.Kubernetes120);
        var app = TestApps.FullyFeatured();

        await harness.ReconcileAsync(app);

        var (type, autoscaler) = Assert.Single(harness.Server.Applied, applied => applied.Type.Kind == "HorizontalPodAutoscaler");
        Assert.Equal(("v2beta2", "autoscaling/v2beta2"), (type.Version, autoscaler.ApiVersion));
        Assert.Equal("policy/v1beta1", Assert.Single(harness.Server.Applied, applied => applied.Type.Kind == "PodDisruptionBudget").Object.ApiVersion);
    }

    [Fact]
    public async Task A_wanted_optional_child_whose_api_is_not_served_is_reported_and_neither_applied_nor_pruned()
    {
        var harness = new ReconcilerHarness(TestClusters.Kubernetes120);
        var app = TestApps.Create(spec => spec.Monitoring.Enabled = true);

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.DoesNotContain(harness.Server.Writes, write => write.Contains("ServiceMonitor", StringComparison.Ordinal));
        var ready = app.Condition(ConditionTypes.Ready)?.Message;
        Assert.Contains("ServiceMonitor shop-api is not created: this cluster does not serve servicemonitors.monitoring.coreos.com/v1", ready, StringComparison.Ordinal);
        Assert.Equal(("False", "AsExpected"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));

        app.Spec.Monitoring.Enabled = false;
        await harness.ReconcileAsync(app);
        Assert.DoesNotContain("ServiceMonitor", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_child_whose_api_becomes_served_is_applied_then_pruned_when_no_longer_wanted()
    {
        var harness = new ReconcilerHarness(TestClusters.Kubernetes120);
        var app = TestApps.Create(spec => spec.Monitoring.Enabled = true);
        await harness.ReconcileAsync(app);

        harness.Cache.Synced = new ResourceCatalog([.. TestClusters.Kubernetes120.Types, ResourceType.Of<V1ServiceMonitor>()]);
        await harness.ReconcileAsync(app);
        Assert.Contains("apply ServiceMonitor shop-api", harness.Server.Writes);
        Assert.DoesNotContain("ServiceMonitor", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);

        app.Spec.Monitoring.Enabled = false;
        await harness.ReconcileAsync(app);
        Assert.Equal("delete ServiceMonitor shop-api", harness.Server.Writes.Single(write => write.StartsWith("delete", StringComparison.Ordinal)));
    }

    /// <summary>Ready=True only when the current spec runs: a paused app's new spec is not rolled out, so it is not ready.</summary>
    [Fact]
    public async Task A_paused_app_whose_spec_changed_is_not_ready_until_the_change_is_rolled_out()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        harness.ReportRolledOut(TestApps.Namespace, "shop");
        app.Spec.Paused = true;
        await harness.ReconcileAsync(app);
        Assert.Equal("True", app.Condition(ConditionTypes.Ready)?.Status);

        app.Spec.Image.Tag = "2.0.0";
        await harness.ReconcileAsync(app);

        Assert.Equal(("False", "ChildrenNotReady"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Contains("Deployment shop-api does not match the spec yet: spec.paused is true", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
        Assert.Equal(("False", "Paused"), (app.Condition(ConditionTypes.Progressing)?.Status, app.Condition(ConditionTypes.Progressing)?.Reason));
        Assert.Single(harness.Server.Writes, write => write == "apply Deployment shop-api");
    }

    /// <summary>An app scaled to 5 by its autoscaler under load keeps 5 replicas when autoscaling is turned off (review #26).</summary>
    [Fact]
    public async Task Turning_autoscaling_off_keeps_the_replicas_the_autoscaler_reached()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        ((V1Deployment)harness.Server.Find(ResourceType.Of<V1Deployment>(), TestApps.Namespace, "shop-api")!).Spec.Replicas = 5;

        app.Spec.Autoscaling.Enabled = false;
        await harness.ReconcileAsync(app);

        var deployment = (V1Deployment)harness.Server.Applied.Last(applied => applied.Type.Kind == "Deployment").Object;
        Assert.Equal(5, deployment.Spec.Replicas);
        Assert.Contains("delete HorizontalPodAutoscaler shop-api", harness.Server.Writes);

        app.Spec.Replicas = 2;
        await harness.ReconcileAsync(app);
        Assert.Equal(2, ((V1Deployment)harness.Server.Find(ResourceType.Of<V1Deployment>(), TestApps.Namespace, "shop-api")!).Spec.Replicas);
    }

    /// <summary>
    /// The reconcile reports what the observer last recorded, without asking the Sentinels itself, and records a failover
    /// as a Normal Event once the status names the new primary.
    /// </summary>
    [Fact]
    public async Task A_sentinel_app_reports_the_primary_its_sentinels_name_and_an_event_when_they_name_another()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        var seen = new DateTime(2026, 12, 6, 11, 0, 0, DateTimeKind.Utc);
        await harness.ReconcileAsync(app);
        Assert.Equal([((TestApps.Namespace, TestApps.Name), TestApps.Uid)], harness.Sentinels.Tracked());

        harness.Sentinels.Record((TestApps.Namespace, TestApps.Name), TestApps.Uid, new SentinelView("shop-redis-0", [new RedisReplicaStatus { Name = "shop-redis-1", InSync = true }]), seen);
        await harness.ReconcileAsync(app);
        Assert.Equal(("shop-redis-0", 1, null), (app.Status?.Redis?.Primary, app.Status?.Redis?.ReplicasInSync, app.Status?.Redis?.LastFailoverTime));
        Assert.DoesNotContain(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisFailoverReason);

        harness.Sentinels.Record((TestApps.Namespace, TestApps.Name), TestApps.Uid, new SentinelView("shop-redis-1", []), seen.AddMinutes(1));
        await harness.ReconcileAsync(app);

        Assert.Equal(("shop-redis-1", seen.AddMinutes(1)), (app.Status?.Redis?.Primary, app.Status?.Redis?.LastFailoverTime));
        var failover = Assert.Single(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisFailoverReason);
        Assert.Equal((EventType.Normal, "The Sentinels promoted shop-redis-1 to Redis primary in place of shop-redis-0."), (failover.Type, failover.Message));
    }

    [Fact]
    public async Task An_app_that_leaves_sentinel_mode_is_no_longer_observed()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        await harness.ReconcileAsync(app);

        app.Spec.Redis.Mode = RedisMode.Standalone;
        await harness.ReconcileAsync(app);

        Assert.Empty(harness.Sentinels.Tracked());
    }

}
