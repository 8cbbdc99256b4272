using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Tests.Redis;

/// <summary>The order and the pace in which a Sentinel-mode app's data pods are restarted on a new revision.</summary>
public sealed class PrimaryLastRollPlanTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Replicas_go_first_by_descending_ordinal_and_the_primary_last()
    {
        Assert.Equal(
            ["shop-redis-1", "shop-redis-0", "shop-redis-2"],
            RollOrder(primary: "shop-redis-2"));
        Assert.Equal(
            ["shop-redis-2", "shop-redis-1", "shop-redis-0"],
            RollOrder(primary: "shop-redis-0"));
    }

    [Fact]
    public void Deleting_the_primary_is_said_in_the_status()
    {
        var pods = Pods(old: ["shop-redis-0"]);

        var decision = PrimaryLastRollPlan.Decide(pods, StatefulSet(), View("shop-redis-0"), Now);

        Assert.Equal("shop-redis-0", decision.Delete);
        Assert.Equal("Restarting Redis pod shop-redis-0 (the primary, which hands over first) on revision redis-new; 0 more to go after it.", decision.Message);
    }

    [Fact]
    public void Nothing_is_restarted_once_every_pod_runs_the_update_revision()
    {
        var decision = PrimaryLastRollPlan.Decide(Pods(old: []), StatefulSet(), View("shop-redis-0"), Now);

        Assert.True(decision.Done);
        Assert.Null(decision.Delete);
    }

    [Theory]
    [InlineData("stopping", "pod shop-redis-1 is stopping.")]
    [InlineData("unready", "pod shop-redis-1 is not ready.")]
    [InlineData("missing", "2 of 3 pods exist.")]
    [InlineData("just-ready", "pod shop-redis-1 is ready since 11:59:50; the Sentinels' view of its replication is trusted 20 s after that.")]
    [InlineData("lagging", "the Sentinels do not see shop-redis-1 in sync with the primary shop-redis-0 yet.")]
    [InlineData("unlisted", "the Sentinels do not see shop-redis-1 in sync with the primary shop-redis-0 yet.")]
    [InlineData("silent", "no Sentinel has answered the operator yet, so it can tell neither the primary nor whether the replicas are in sync.")]
    public void No_pod_is_restarted_while_one_is_not_ready_or_a_replica_is_not_seen_in_sync(string state, string reason)
    {
        var pods = Pods(old: ["shop-redis-0", "shop-redis-2"]);
        var view = View("shop-redis-0");
        switch (state)
        {
            case "stopping":
                pods[1].Metadata.DeletionTimestamp = Now;
                break;
            case "unready":
                pods[1].Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }];
                break;
            case "missing":
                pods.RemoveAt(1);
                break;
            case "just-ready":
                pods[1].Status.Conditions[0].LastTransitionTime = Now.AddSeconds(-10);
                break;
            case "lagging":
                view = view with { Replicas = [new RedisReplicaStatus { Name = "shop-redis-1", InSync = false }, new RedisReplicaStatus { Name = "shop-redis-2", InSync = true }] };
                break;
            case "unlisted":
                view = view with { Replicas = [new RedisReplicaStatus { Name = "shop-redis-2", InSync = true }] };
                break;
            case "silent":
                view = null;
                break;
        }

        var decision = PrimaryLastRollPlan.Decide(pods, StatefulSet(), view, Now);

        Assert.Null(decision.Delete);
        Assert.Equal($"Restarting the Redis data pods on revision redis-new, replicas first and the primary last: {reason}", decision.Message);
    }

    [Fact]
    public void New_internal_passwords_wait_for_readiness_only_as_pods_on_different_ones_cannot_replicate()
    {
        var pods = Pods(old: ["shop-redis-0", "shop-redis-1"]);
        pods[0].Metadata.Annotations[RedisPasswordRules.InternalVersionAnnotation] = "old";
        pods[1].Metadata.Annotations[RedisPasswordRules.InternalVersionAnnotation] = "old";
        pods[1].Status.Conditions[0].LastTransitionTime = Now.AddSeconds(-1);
        var notInSync = View("shop-redis-0") with { Replicas = [new RedisReplicaStatus { Name = "shop-redis-1", InSync = false }] };

        Assert.Equal("shop-redis-1", PrimaryLastRollPlan.Decide(pods, StatefulSet(), notInSync, Now).Delete);
        // No Sentinel answers (they roll onto the new passwords too): the pods go by descending ordinal, as the StatefulSet would.
        Assert.Equal("shop-redis-1", PrimaryLastRollPlan.Decide(pods, StatefulSet(), null, Now).Delete);
        pods[1].Status.Conditions[0].Status = "False";
        Assert.Null(PrimaryLastRollPlan.Decide(pods, StatefulSet(), notInSync, Now).Delete);
    }

    /// <summary>Pods with TLS and pods without cannot replicate from each other either; a renewed certificate from the same CA can.</summary>
    [Fact]
    public void Turning_tls_on_waits_for_readiness_only_and_a_new_certificate_waits_for_sync()
    {
        var pods = Pods(old: ["shop-redis-0", "shop-redis-1"]);
        var statefulSet = StatefulSet();
        statefulSet.Spec.Template.Metadata.Annotations[RedisTls.VersionAnnotation] = "certificate-2";
        var notInSync = View("shop-redis-0") with { Replicas = [new RedisReplicaStatus { Name = "shop-redis-1", InSync = false }] };

        Assert.Equal("shop-redis-1", PrimaryLastRollPlan.Decide(pods, statefulSet, notInSync, Now).Delete);
        pods[0].Metadata.Annotations[RedisTls.VersionAnnotation] = "certificate-1";
        pods[1].Metadata.Annotations[RedisTls.VersionAnnotation] = "certificate-1";
        Assert.Null(PrimaryLastRollPlan.Decide(pods, statefulSet, notInSync, Now).Delete);
    }

    /// <summary>A new app password leaves replication alone: the roll waits for the replicas to be in sync as any roll does.</summary>
    [Fact]
    public void A_rotation_of_the_apps_password_waits_for_the_replicas_to_be_in_sync()
    {
        var pods = Pods(old: ["shop-redis-0", "shop-redis-1"]);
        pods[0].Metadata.Annotations[RedisPasswordRules.VersionAnnotation] = "old";
        pods[1].Metadata.Annotations[RedisPasswordRules.VersionAnnotation] = "old";
        var notInSync = View("shop-redis-0") with { Replicas = [new RedisReplicaStatus { Name = "shop-redis-1", InSync = false }] };

        Assert.Null(PrimaryLastRollPlan.Decide(pods, StatefulSet(), notInSync, Now).Delete);
        Assert.Equal("shop-redis-1", PrimaryLastRollPlan.Decide(pods, StatefulSet(), View("shop-redis-0"), Now).Delete);
    }

    /// <summary>The pods in the order the plan restarts them, each becoming ready on the new revision before the next.</summary>
    private static List<string> RollOrder(string primary)
    {
        var old = new List<string> { "shop-redis-0", "shop-redis-1", "shop-redis-2" };
        var order = new List<string>();
        while (PrimaryLastRollPlan.Decide(Pods(old), StatefulSet(), View(primary), Now).Delete is { } next)
        {
            order.Add(next);
            old.Remove(next);
        }

        return order;
    }

    /// <summary>Three data pods, ready for a minute, on the update revision but for <paramref name="old"/>.</summary>
    private static List<V1Pod> Pods(IReadOnlyCollection<string> old) =>
    [
        .. Enumerable.Range(0, 3).Select(ordinal => $"shop-redis-{ordinal}").Select(name => new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { [PrimaryLastRollPlan.RevisionLabel] = old.Contains(name) ? "redis-old" : "redis-new" },
                Annotations = new Dictionary<string, string> { [RedisPasswordRules.VersionAnnotation] = "v2", [RedisPasswordRules.InternalVersionAnnotation] = "i1" },
            },
            Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Now.AddMinutes(-1) }] },
        }),
    ];

    private static V1StatefulSet StatefulSet() => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-redis", Generation = 2 },
        Spec = new V1StatefulSetSpec
        {
            Replicas = 3,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Annotations = new Dictionary<string, string> { [RedisPasswordRules.VersionAnnotation] = "v2", [RedisPasswordRules.InternalVersionAnnotation] = "i1" },
                },
            },
        },
        Status = new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, UpdateRevision = "redis-new", CurrentRevision = "redis-old" },
    };

    /// <summary>The Sentinels naming <paramref name="primary"/>, with the two other pods in sync.</summary>
    private static SentinelView View(string primary) => new(
        primary,
        [.. Enumerable.Range(0, 3).Select(ordinal => $"shop-redis-{ordinal}").Where(name => name != primary).Select(name => new RedisReplicaStatus { Name = name, InSync = true })]);
}
