using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
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

        Assert.Null(((V1StatefulSet)new RedisStatefulSet().Desired(TestApps.Create(), Contexts.Current)).Spec.UpdateStrategy);
    }

    /// <summary>
    /// The server defaults rollingUpdate.partition for RollingUpdate and refuses it beside OnDelete; no manager owns it, so
    /// no apply removes it: when the mode changes, a merge patch switches the type before the new spec is applied.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_change_of_mode_hands_the_roll_over_before_the_new_spec_is_applied(bool toStandalone)
    {
        var (from, to) = toStandalone ? (RedisMode.Sentinel, RedisMode.Standalone) : (RedisMode.Standalone, RedisMode.Sentinel);
        var app = TestApps.Create(spec => spec.Redis.Mode = from);
        await harness.ReconcileAsync(app);
        DataStatefulSet().Spec.UpdateStrategy = from is RedisMode.Standalone
            ? new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 0 } }
            : new V1StatefulSetUpdateStrategy { Type = "OnDelete" };
        var before = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);
        Assert.DoesNotContain("patch StatefulSet shop-redis", harness.WritesSince(before));

        app.Spec.Redis.Mode = to;
        var changed = harness.Server.Writes.Count;
        await harness.ReconcileAsync(app);

        var writes = harness.WritesSince(changed).ToList();
        var patch = writes.IndexOf("patch StatefulSet shop-redis");
        Assert.True(patch >= 0 && patch < writes.IndexOf("apply StatefulSet shop-redis"), $"a merge patch before the apply: {string.Join(", ", writes)}");
        Assert.Equal(to is RedisMode.Sentinel ? "OnDelete" : null, DataStatefulSet().Spec.UpdateStrategy?.Type);
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
                    Labels = new Dictionary<string, string>(statefulSet.Spec.Template.Metadata.Labels)
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
