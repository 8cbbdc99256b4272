using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>status.redis from the previous one, the Sentinels' latest answer and the app's Redis pods.</summary>
public sealed class RedisStatusBuilderTests
{
    private static readonly DateTime FirstSeen = new(2026, 12, 6, 11, 0, 0, DateTimeKind.Utc);

    private static readonly SentinelView OnPod0 = new("shop-redis-0", [Replica("shop-redis-1", inSync: true), Replica("shop-redis-2", inSync: false)]);

    private static readonly SentinelView OnPod1 = new("shop-redis-1", [Replica("shop-redis-0", inSync: false), Replica("shop-redis-2", inSync: true)]);

    [Fact]
    public void The_first_answer_sets_the_primary_and_replicas_and_no_failover()
    {
        var status = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), pods: null);

        Assert.NotNull(status);
        Assert.Equal("shop-redis-0", status.Primary);
        Assert.Equal(["shop-redis-1", "shop-redis-2"], status.Replicas!.Select(replica => replica.Name));
        Assert.Equal(1, status.ReplicasInSync);
        Assert.Null(status.LastFailoverTime);
        Assert.Null(status.UnreachableSince);
        Assert.Null(RedisStatusBuilder.Failover(null, status));
    }

    [Fact]
    public void Another_primary_is_a_failover_dated_when_it_was_first_seen()
    {
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), pods: null);
        var promotedAt = FirstSeen.AddMinutes(5);

        var status = RedisStatusBuilder.Build(App(previous), new SentinelObservation(OnPod1, promotedAt), pods: null);

        Assert.Equal(("shop-redis-1", promotedAt), (status!.Primary, status.LastFailoverTime));
        Assert.Equal(("shop-redis-0", "shop-redis-1"), RedisStatusBuilder.Failover(previous, status));
    }

    [Fact]
    public void The_same_primary_keeps_the_last_failover_time_and_is_no_failover()
    {
        var failedOver = new RedisStatus { Primary = "shop-redis-1", LastFailoverTime = FirstSeen };

        var status = RedisStatusBuilder.Build(App(failedOver), new SentinelObservation(OnPod1, FirstSeen.AddHours(1)), pods: null);

        Assert.Equal(FirstSeen, status!.LastFailoverTime);
        Assert.Null(RedisStatusBuilder.Failover(failedOver, status));
    }

    /// <summary>An operator that just started (or an app new to it) has not asked yet: what the status says stands.</summary>
    [Fact]
    public void Before_the_sentinels_are_asked_the_previous_status_stands()
    {
        var previous = new RedisStatus { Primary = "shop-redis-1", LastFailoverTime = FirstSeen };

        Assert.Equal(previous, RedisStatusBuilder.Build(App(previous), latest: null, pods: null));
        Assert.Null(RedisStatusBuilder.Build(App(previous: null), latest: null, pods: null));
    }

    [Fact]
    public void Silent_sentinels_keep_the_last_answer_and_say_since_when_until_they_answer_again()
    {
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), pods: null);
        var silentAt = FirstSeen.AddMinutes(1);

        var silent = RedisStatusBuilder.Build(App(previous), new SentinelObservation(null, silentAt), pods: null);
        var stillSilent = RedisStatusBuilder.Build(App(silent), new SentinelObservation(null, silentAt.AddMinutes(1)), pods: null);
        var back = RedisStatusBuilder.Build(App(stillSilent), new SentinelObservation(OnPod0, silentAt.AddMinutes(2)), pods: null);

        Assert.Equal(previous! with { UnreachableSince = silentAt }, silent);
        Assert.Equal(silentAt, stillSilent!.UnreachableSince);
        Assert.Null(back!.UnreachableSince);
        Assert.Equal("shop-redis-0", back.Primary);
    }

    [Fact]
    public void Sentinels_that_never_answered_are_reported_without_a_primary()
    {
        var status = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(null, FirstSeen), pods: null);

        Assert.Equal(new RedisStatus { UnreachableSince = FirstSeen }, status);
    }

    /// <summary>Status is a merge patch: an app that leaves Sentinel mode must send redis: null, or the old object stays.</summary>
    [Fact]
    public void A_standalone_app_has_none_and_writes_it_as_null()
    {
        var app = TestApps.Create();
        app.Status = new TodoAppStatus { Redis = new RedisStatus { Primary = "shop-redis-1" } };

        var status = StatusBuilder.Build(app, new StatusInputs { Sentinels = new SentinelObservation(OnPod0, FirstSeen) }, FirstSeen);

        Assert.Null(status.Redis);
        Assert.Contains("\"redis\":null", KubernetesJson.Serialize(status), StringComparison.Ordinal);
    }

    /// <summary>Sentinels that answer again must remove unreachableSince from the stored status, which only a null does.</summary>
    [Fact]
    public void An_answer_after_silence_writes_unreachable_since_as_null()
    {
        var status = RedisStatusBuilder.Build(App(new RedisStatus { UnreachableSince = FirstSeen }), new SentinelObservation(OnPod0, FirstSeen.AddMinutes(1)), pods: null);

        Assert.Contains("\"unreachableSince\":null", KubernetesJson.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public void The_nodes_the_pods_share_are_reported_beside_the_roles()
    {
        var pods = new[] { RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-a"), RedisPods.Data(2, "node-b") };

        var status = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), pods);

        Assert.Equal("shop-redis-0", status?.Primary);
        var shared = Assert.Single(status!.SharedNodes!);
        Assert.Equal("node-a", shared.Node);
        Assert.Equal(["shop-redis-0", "shop-redis-1"], shared.DataPods);
    }

    /// <summary>Pods that share a node are reported even before the Sentinels were asked; nothing at all while none do.</summary>
    [Fact]
    public void Shared_nodes_are_reported_before_the_sentinels_answer()
    {
        var sharing = new[] { RedisPods.Sentinel(0, "node-a"), RedisPods.Sentinel(1, "node-a") };
        var apart = new[] { RedisPods.Sentinel(0, "node-a"), RedisPods.Sentinel(1, "node-b") };

        var status = RedisStatusBuilder.Build(App(previous: null), latest: null, sharing);

        Assert.Equal((null, "node-a"), (status?.Primary, Assert.Single(status!.SharedNodes!).Node));
        Assert.Null(RedisStatusBuilder.Build(App(status), latest: null, apart));
        Assert.Null(RedisStatusBuilder.Build(App(previous: null), latest: null, apart));
    }

    [Fact]
    public void Pods_that_could_not_be_read_leave_the_shared_nodes_as_they_were()
    {
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), [RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-a")]);

        var status = RedisStatusBuilder.Build(App(previous), new SentinelObservation(OnPod0, FirstSeen), pods: null);

        Assert.Equal(previous!.SharedNodes, status?.SharedNodes);
    }

    /// <summary>Once each pod has a node of its own the stored sharedNodes must go, which in a merge patch only a null does.</summary>
    [Fact]
    public void Pods_that_no_longer_share_write_shared_nodes_as_null()
    {
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen), [RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-a")]);

        var status = RedisStatusBuilder.Build(App(previous), new SentinelObservation(OnPod0, FirstSeen), [RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-b")]);

        Assert.Contains("\"sharedNodes\":null", KubernetesJson.Serialize(status), StringComparison.Ordinal);
    }

    /// <summary>The same pods, listed in another order, give a status that writes nothing.</summary>
    [Fact]
    public void The_same_pods_leave_the_status_unchanged()
    {
        V1Pod[] pods = [RedisPods.Data(1, "node-a"), RedisPods.Data(0, "node-a"), RedisPods.Sentinel(0, "node-b"), RedisPods.Sentinel(1, "node-b")];
        var observation = new SentinelObservation(OnPod0, FirstSeen);
        var app = App(previous: null);
        app.Status = StatusBuilder.Build(app, new StatusInputs { Sentinels = observation, RedisPods = pods }, FirstSeen);
        var stored = KubernetesJson.Deserialize<TodoAppStatus>(KubernetesJson.Serialize(app.Status));
        app.Status = stored;

        var again = StatusBuilder.Build(app, new StatusInputs { Sentinels = observation, RedisPods = [.. pods.Reverse()] }, FirstSeen.AddMinutes(1));

        Assert.False(StatusBuilder.HasChanged(stored, again));
    }

    [Fact]
    public void A_standalone_app_reports_no_shared_nodes()
    {
        var app = TestApps.Create();

        Assert.Null(RedisStatusBuilder.Build(app, latest: null, [RedisPods.Data(0, "node-a"), RedisPods.Pod("shop-redis-1", "redis", "node-a")]));
    }

    private static TodoApp App(RedisStatus? previous)
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        app.Status = new TodoAppStatus { Redis = previous };
        return app;
    }

    private static RedisReplicaStatus Replica(string name, bool inSync) => new() { Name = name, InSync = inSync };
}
