using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// A TodoApp being deleted gets nothing written again; its Redis volume goes with it only when the spec says so (by the
/// StatefulSet's retention policy where the cluster has one, else by the operator's finalizer); and a new app of the same
/// name never starts on a volume another app left, unless it asks to adopt it.
/// </summary>
public sealed class DeletionAndDataTests
{
    private static readonly ResourceType Claims = ResourceType.Of<V1PersistentVolumeClaim>();
    private static readonly ResourceType StatefulSets = ResourceType.Of<V1StatefulSet>();
    private static readonly VersionInfo Kubernetes120 = new() { Major = "1", Minor = "20", GitVersion = "v1.20.2" };

    /// <summary>Foreground deletion (ArgoCD's prune): the collector deletes the children while the app is still there.</summary>
    [Fact]
    public async Task An_app_being_deleted_gets_no_child_written_again()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.FullyFeatured();
        await harness.ReconcileAsync(app);
        await harness.Server.DeleteAsync(StatefulSets, TestApps.Namespace, "shop-redis", TestContext.Current.CancellationToken);
        await harness.Server.DeleteAsync(ResourceType.Of<V1Secret>(), TestApps.Namespace, "shop-redis-password", TestContext.Current.CancellationToken);
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        app.Metadata.Finalizers = ["foregroundDeletion"];
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.Empty(harness.WritesSince(writes));
    }

    [Fact]
    public async Task By_default_the_volume_is_kept_and_no_finalizer_holds_the_app()
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create();

        await harness.ReconcileAsync(app);
        Assert.Null(app.Metadata.Finalizers);
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        SeedClaim(harness, app, TestApps.Uid);
        var writes = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);

        Assert.Empty(harness.WritesSince(writes));
        Assert.NotNull(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0"));
    }

    [Fact]
    public async Task Without_a_claim_retention_policy_a_finalizer_deletes_the_volume_with_the_app_when_asked()
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);

        await harness.ReconcileAsync(app);

        Assert.Equal(["todo.gitops.dev/redis-data"], app.Metadata.Finalizers);
        var writes = harness.Server.Writes;
        Assert.True(writes.IndexOf("patch TodoApp shop") < writes.IndexOf("apply StatefulSet shop-redis"), "the finalizer comes before the volume can exist");
        Assert.Null(((V1StatefulSet)harness.Server.Find(StatefulSets, TestApps.Namespace, "shop-redis")!).Spec.PersistentVolumeClaimRetentionPolicy);

        SeedClaim(harness, app, TestApps.Uid);
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        var before = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);

        Assert.Equal(["delete StatefulSet shop-redis", "delete PersistentVolumeClaim data-shop-redis-0", "patch TodoApp shop"], harness.WritesSince(before));
        Assert.Empty(app.Metadata.Finalizers!);
    }

    [Fact]
    public async Task Where_the_cluster_keeps_the_retention_policy_the_stateful_set_deletes_the_volume_and_no_finalizer_is_needed()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);

        await harness.ReconcileAsync(app);
        await harness.ReconcileAsync(app);

        Assert.Empty(app.Metadata.Finalizers ?? []);
        Assert.Equal("Delete", ((V1StatefulSet)harness.Server.Find(StatefulSets, TestApps.Namespace, "shop-redis")!).Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted);
    }

    /// <summary>
    /// Kubernetes 1.27 to 1.31 with the StatefulSetAutoDeletePVC feature gate off drops the policy from the StatefulSet: the
    /// version says nothing of it, so the finalizer guards the claims until the StatefulSet is seen to keep the policy
    /// (#17 item 11), and whenDeleted: Delete is honoured either way.
    /// </summary>
    [Fact]
    public async Task Where_the_cluster_drops_the_retention_policy_the_finalizer_deletes_the_volume()
    {
        var harness = new ReconcilerHarness { Server = { Version = new VersionInfo { Major = "1", Minor = "29", GitVersion = "v1.29.4" } } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);
        await harness.ReconcileAsync(app);
        ((V1StatefulSet)harness.Server.Find(StatefulSets, TestApps.Namespace, "shop-redis")!).Spec.PersistentVolumeClaimRetentionPolicy = null;

        await harness.ReconcileAsync(app);

        Assert.Equal(["todo.gitops.dev/redis-data"], app.Metadata.Finalizers);
        SeedClaim(harness, app, TestApps.Uid);
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        await harness.ReconcileAsync(app);
        Assert.Null(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0"));
    }

    [Fact]
    public async Task Going_back_to_retain_removes_the_finalizer_and_a_deletion_then_keeps_the_volume()
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);
        await harness.ReconcileAsync(app);

        app.Spec.Redis.Storage.WhenDeleted = RedisDataRetention.Retain;
        await harness.ReconcileAsync(app);
        Assert.Empty(app.Metadata.Finalizers!);

        // Deleted before the operator saw the change: the spec of the moment decides.
        app.Metadata.Finalizers = ["todo.gitops.dev/redis-data"];
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;
        SeedClaim(harness, app, TestApps.Uid);
        var before = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);
        Assert.Equal(["patch TodoApp shop"], harness.WritesSince(before));
        Assert.NotNull(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0"));
    }

    [Theory]
    [InlineData("0d9e8f7a-0000-4000-8000-00000000dead")]
    [InlineData(null)]
    public async Task A_new_app_does_not_start_redis_on_a_volume_it_did_not_make(string? earlierUid)
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        SeedClaim(harness, app, earlierUid);

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.Equal(TodoAppReconciler.DependencyRetryDelay, result.RequeueAfter);
        AssertRedisHeldBack(harness, app);
        Assert.Equal(("True", "ClaimOfAnotherApp"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Contains("spec.redis.storage.adoptExistingClaim: true", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl delete pvc data-shop-redis-0 -n team-a", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A new app refused the claim an earlier app of its name kept: it must not take the finalizer that deletes "its" claims
    /// (#17 item 1, before 1.27, where the finalizer does the deleting).
    /// </summary>
    [Fact]
    public async Task An_app_refused_another_apps_claim_gets_no_finalizer()
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);
        SeedClaim(harness, app, "0d9e8f7a-0000-4000-8000-00000000dead");

        await harness.ReconcileAsync(app);

        Assert.Equal("ClaimOfAnotherApp", app.Condition(ConditionTypes.Ready)?.Reason);
        Assert.Null(app.Metadata.Finalizers);
        Assert.DoesNotContain("patch TodoApp shop", harness.Server.Writes);
    }

    /// <summary>Whatever put the finalizer there (an operator before this fix), it never deletes a claim that is not the app's own.</summary>
    [Theory]
    [InlineData("0d9e8f7a-0000-4000-8000-00000000dead")]
    [InlineData(null)]
    public async Task Deleting_an_app_keeps_a_claim_that_holds_another_apps_data(string? otherUid)
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);
        SeedClaim(harness, app, otherUid);
        app.Metadata.Finalizers = ["todo.gitops.dev/redis-data"];
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;

        await harness.ReconcileAsync(app);

        Assert.NotNull(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0"));
        Assert.DoesNotContain("delete PersistentVolumeClaim data-shop-redis-0", harness.Server.Writes);
        Assert.Empty(app.Metadata.Finalizers!);
        Assert.Contains(harness.Events.Recorded, recorded => recorded is (EventType.Warning, "ClaimKept", var message) && message.Contains("data-shop-redis-0", StringComparison.Ordinal));
    }

    /// <summary>Claims a scale-down left above the StatefulSet's replicas go with the app too, when they are its own.</summary>
    [Fact]
    public async Task Deleting_an_app_deletes_its_own_claims_of_every_ordinal()
    {
        var harness = new ReconcilerHarness { Server = { Version = Kubernetes120 } };
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = RedisDataRetention.Delete);
        await harness.ReconcileAsync(app);
        SeedClaim(harness, app, TestApps.Uid);
        SeedClaim(harness, app, TestApps.Uid, ordinal: 2);
        SeedClaim(harness, app, "0d9e8f7a-0000-4000-8000-00000000dead", ordinal: 3);
        app.Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;

        await harness.ReconcileAsync(app);

        Assert.Null(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0"));
        Assert.Null(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-2"));
        Assert.NotNull(harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-3"));
    }

    [Fact]
    public async Task A_claim_found_only_by_asking_the_api_server_is_refused_too()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        SeedClaim(harness, app, uid: null).Metadata.Labels = null;
        harness.Cache.Selects = cached => cached.Metadata.Labels?.ContainsKey("app.kubernetes.io/managed-by") is true;

        await harness.ReconcileAsync(app);

        Assert.Equal("ClaimOfAnotherApp", app.Condition(ConditionTypes.Ready)?.Reason);
    }

    [Fact]
    public async Task An_app_asking_to_adopt_the_volume_starts_on_it_and_labels_it_as_its_own()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Storage.AdoptExistingClaim = true);
        SeedClaim(harness, app, "0d9e8f7a-0000-4000-8000-00000000dead");

        await harness.ReconcileAsync(app);

        Assert.Contains("apply StatefulSet shop-redis", harness.Server.Writes);
        var claim = (V1PersistentVolumeClaim)harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0")!;
        Assert.Equal(TestApps.Uid, claim.Metadata.Labels["todo.gitops.dev/todoapp-uid"]);
    }

    [Fact]
    public async Task A_volume_being_deleted_is_waited_for_without_calling_for_a_person()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        SeedClaim(harness, app, "0d9e8f7a-0000-4000-8000-00000000dead").Metadata.DeletionTimestamp = harness.Time.GetUtcNow().UtcDateTime;

        await harness.ReconcileAsync(app);

        Assert.Equal(("False", "ClaimBeingDeleted"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Equal("False", app.Condition(ConditionTypes.Degraded)?.Status);
        AssertRedisHeldBack(harness, app);
    }

    /// <summary>A claim made by an earlier operator version: ArgoCD's instance label, no uid, prunable.</summary>
    [Fact]
    public async Task The_running_apps_claim_loses_the_tracking_label_and_gets_its_uid_and_never_prune()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        var claim = SeedClaim(harness, app, uid: null);
        claim.Metadata.Labels["app.kubernetes.io/instance"] = "shop";

        await harness.ReconcileAsync(app);
        var writes = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);

        var stamped = (V1PersistentVolumeClaim)harness.Server.Find(Claims, TestApps.Namespace, "data-shop-redis-0")!;
        Assert.DoesNotContain("app.kubernetes.io/instance", stamped.Metadata.Labels.Keys);
        Assert.Equal(TestApps.Uid, stamped.Metadata.Labels["todo.gitops.dev/todoapp-uid"]);
        Assert.Equal("Prune=false", stamped.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
        Assert.Empty(harness.WritesSince(writes));
    }

    /// <summary>
    /// Relabelling a claim of an earlier operator version is worth an Event; removing the instance label that the StatefulSet
    /// controller copies onto every claim it makes from the selector of a StatefulSet made before RedisDataClaims.Selector
    /// is routine, and no Event.
    /// </summary>
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Only_a_claim_not_made_from_the_current_template_is_reported_as_relabelled(bool fromTemplate, bool reported)
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        var claim = SeedClaim(harness, app, uid: null);
        if (fromTemplate)
        {
            claim.Metadata.Labels = new Dictionary<string, string>(RedisDataClaims.Labels(app));
            claim.Metadata.Annotations = RedisDataClaims.Annotations();
        }

        claim.Metadata.Labels["app.kubernetes.io/instance"] = "shop";
        var events = harness.Events.Recorded.Count;

        await harness.ReconcileAsync(app);

        Assert.Contains("patch PersistentVolumeClaim data-shop-redis-0", harness.Server.Writes);
        Assert.Equal(reported, harness.Events.Recorded.Skip(events).Any(recorded => recorded.Reason == "ClaimLabelled"));
    }

    /// <summary>Neither Redis nor the API that needs it is written; the children independent of them are, and the status last.</summary>
    private static void AssertRedisHeldBack(ReconcilerHarness harness, TodoApp app)
    {
        Assert.Equal("patch-status TodoApp shop", harness.Server.Writes[^1]);
        Assert.DoesNotContain(harness.Server.Writes, write => write.Split(' ') is [_, "StatefulSet" or "Deployment", _]);
        Assert.Contains("StatefulSet shop-redis", app.Condition(ConditionTypes.Progressing)?.Message, StringComparison.Ordinal);
    }

    private static V1PersistentVolumeClaim SeedClaim(ReconcilerHarness harness, TodoApp app, string? uid, int ordinal = 0)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "todo-operator", ["app.kubernetes.io/component"] = "redis" };
        if (uid is not null)
        {
            labels["todo.gitops.dev/todoapp-uid"] = uid;
        }

        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = RedisDataClaims.Name(app, ordinal), NamespaceProperty = app.Metadata.NamespaceProperty, Labels = labels },
            Spec = new V1PersistentVolumeClaimSpec
            {
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        };
        harness.Server.Seed(claim);
        return claim;
    }
}
