using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// A Sentinel-mode app's data pods on an old revision are restarted by the reconcile, one per reconcile, the primary last;
/// the StatefulSet leaves that to the operator.
/// </summary>
public sealed class SentinelRollReconcileTests
{
    private static readonly ResourceType PodType = ResourceType.Of<V1Pod>();

    private readonly ReconcilerHarness harness = new();

    [Fact]
    public async Task The_data_statefulset_leaves_restarts_to_the_operator_in_sentinel_mode_only()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        await harness.ReconcileAsync(app);
        Assert.Equal("OnDelete", DataStatefulSet().Spec.UpdateStrategy?.Type);

        app.Spec.Redis.Mode = RedisMode.Standalone;
        await harness.ReconcileAsync(app);
        Assert.Equal("RollingUpdate", DataStatefulSet().Spec.UpdateStrategy?.Type);
    }

    /// <summary>
    /// The server defaulted rollingUpdate.partition on a StatefulSet made for Standalone mode, and refuses it beside OnDelete;
    /// no manager owns it, so no apply removes it: a merge patch does, before the new spec is applied.
    /// </summary>
    [Fact]
    public async Task A_standalone_app_moving_to_sentinel_mode_hands_the_roll_over_before_its_new_spec_is_applied()
    {
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        DataStatefulSet().Spec.UpdateStrategy.RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 0 };
        var from = harness.Server.Writes.Count;

        app.Spec.Redis.Mode = RedisMode.Sentinel;
        await harness.ReconcileAsync(app);

        var writes = harness.WritesSince(from);
        Assert.True(
            writes.ToList().IndexOf("patch StatefulSet shop-redis") is var patched and >= 0 && patched < writes.ToList().IndexOf("apply StatefulSet shop-redis"),
            $"the merge patch comes before the apply: {string.Join(", ", writes)}");
        Assert.Equal(("OnDelete", null), (DataStatefulSet().Spec.UpdateStrategy?.Type, DataStatefulSet().Spec.UpdateStrategy?.RollingUpdate));
    }

    [Fact]
    public async Task A_replica_on_an_old_revision_is_restarted_before_the_primary_and_the_app_is_looked_at_again()
    {
        var app = await RollingAppAsync(primary: "shop-redis-2");

        var result = await harness.ReconcileAsync(app);

        Assert.Contains("delete Pod shop-redis-1", harness.Server.Writes);
        Assert.DoesNotContain(harness.Server.Writes, write => write is "delete Pod shop-redis-0" or "delete Pod shop-redis-2");
        Assert.Equal(RedisPrimaryLastRoll.RecheckDelay, result.RequeueAfter);
        Assert.Contains("Restarting Redis pod shop-redis-1 (a replica) on revision redis-new", app.Condition("Ready")?.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Events.Recorded, recorded => recorded.Reason == "RedisPodRestarted" && recorded.Message == "Restarted Redis pod shop-redis-1 on revision redis-new.");
    }

    [Fact]
    public async Task A_paused_app_restarts_no_pod()
    {
        var app = await RollingAppAsync(primary: "shop-redis-2");
        app.Spec.Paused = true;

        await harness.ReconcileAsync(app);

        Assert.DoesNotContain(harness.Server.Writes, write => write.StartsWith("delete Pod", StringComparison.Ordinal));
    }

    /// <summary>
    /// A reconciled Sentinel app whose StatefulSet has a new revision that only pod 2 runs, every pod ready for a minute and
    /// in sync as the Sentinels see it, with <paramref name="primary"/> the primary.
    /// </summary>
    private async Task<TodoApp> RollingAppAsync(string primary)
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        await harness.ReconcileAsync(app);
        harness.ReportRolledOut(TestApps.Namespace, TestApps.Name);
        var sentinels = (V1StatefulSet)harness.Server.Find(ResourceType.Of<V1StatefulSet>(), TestApps.Namespace, "shop-redis-sentinel")!;
        sentinels.Metadata.Generation = 1;
        sentinels.Status = new V1StatefulSetStatus { ObservedGeneration = 1, Replicas = 3, ReadyReplicas = 3, UpdatedReplicas = 3 };
        var statefulSet = DataStatefulSet();
        statefulSet.Status.UpdatedReplicas = 1;
        statefulSet.Status.UpdateRevision = "redis-new";
        var readySince = harness.Time.GetUtcNow().UtcDateTime.AddMinutes(-1);
        foreach (var ordinal in Enumerable.Range(0, 3))
        {
            harness.Server.Seed(new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    Name = $"shop-redis-{ordinal}",
                    NamespaceProperty = TestApps.Namespace,
                    Labels = new Dictionary<string, string>(statefulSet.Spec.Selector.MatchLabels)
                    {
                        [PrimaryLastRollPlan.RevisionLabel] = ordinal == 2 ? "redis-new" : "redis-old",
                    },
                    Annotations = new Dictionary<string, string>(statefulSet.Spec.Template.Metadata.Annotations),
                },
                Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = readySince }] },
            });
        }

        var replicas = Enumerable.Range(0, 3).Select(ordinal => $"shop-redis-{ordinal}").Where(name => name != primary)
            .Select(name => new RedisReplicaStatus { Name = name, InSync = true });
        harness.Sentinels.Record((TestApps.Namespace, TestApps.Name), TestApps.Uid, new SentinelView(primary, [.. replicas]), readySince);
        return app;
    }

    private V1StatefulSet DataStatefulSet() => (V1StatefulSet)harness.Server.Find(ResourceType.Of<V1StatefulSet>(), TestApps.Namespace, "shop-redis")!;
}
