using k8s;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>status.redis from the previous one and the Sentinels' latest answer.</summary>
public sealed class RedisStatusBuilderTests
{
    private static readonly DateTime FirstSeen = new(2026, 12, 6, 11, 0, 0, DateTimeKind.Utc);

    private static readonly SentinelView OnPod0 = new("shop-redis-0", [Replica("shop-redis-1", inSync: true), Replica("shop-redis-2", inSync: false)]);

    private static readonly SentinelView OnPod1 = new("shop-redis-1", [Replica("shop-redis-0", inSync: false), Replica("shop-redis-2", inSync: true)]);

    [Fact]
    public void The_first_answer_sets_the_primary_and_replicas_and_no_failover()
    {
        var status = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen));

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
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen));
        var promotedAt = FirstSeen.AddMinutes(5);

        var status = RedisStatusBuilder.Build(App(previous), new SentinelObservation(OnPod1, promotedAt));

        Assert.Equal(("shop-redis-1", promotedAt), (status!.Primary, status.LastFailoverTime));
        Assert.Equal(("shop-redis-0", "shop-redis-1"), RedisStatusBuilder.Failover(previous, status));
    }

    [Fact]
    public void The_same_primary_keeps_the_last_failover_time_and_is_no_failover()
    {
        var failedOver = new RedisStatus { Primary = "shop-redis-1", LastFailoverTime = FirstSeen };

        var status = RedisStatusBuilder.Build(App(failedOver), new SentinelObservation(OnPod1, FirstSeen.AddHours(1)));

        Assert.Equal(FirstSeen, status!.LastFailoverTime);
        Assert.Null(RedisStatusBuilder.Failover(failedOver, status));
    }

    /// <summary>An operator that just started (or an app new to it) has not asked yet: what the status says stands.</summary>
    [Fact]
    public void Before_the_sentinels_are_asked_the_previous_status_stands()
    {
        var previous = new RedisStatus { Primary = "shop-redis-1", LastFailoverTime = FirstSeen };

        Assert.Same(previous, RedisStatusBuilder.Build(App(previous), latest: null));
        Assert.Null(RedisStatusBuilder.Build(App(previous: null), latest: null));
    }

    [Fact]
    public void Silent_sentinels_keep_the_last_answer_and_say_since_when_until_they_answer_again()
    {
        var previous = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(OnPod0, FirstSeen));
        var silentAt = FirstSeen.AddMinutes(1);

        var silent = RedisStatusBuilder.Build(App(previous), new SentinelObservation(null, silentAt));
        var stillSilent = RedisStatusBuilder.Build(App(silent), new SentinelObservation(null, silentAt.AddMinutes(1)));
        var back = RedisStatusBuilder.Build(App(stillSilent), new SentinelObservation(OnPod0, silentAt.AddMinutes(2)));

        Assert.Equal(previous! with { UnreachableSince = silentAt }, silent);
        Assert.Equal(silentAt, stillSilent!.UnreachableSince);
        Assert.Null(back!.UnreachableSince);
        Assert.Equal("shop-redis-0", back.Primary);
    }

    [Fact]
    public void Sentinels_that_never_answered_are_reported_without_a_primary()
    {
        var status = RedisStatusBuilder.Build(App(previous: null), new SentinelObservation(null, FirstSeen));

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
        var status = RedisStatusBuilder.Build(App(new RedisStatus { UnreachableSince = FirstSeen }), new SentinelObservation(OnPod0, FirstSeen.AddMinutes(1)));

        Assert.Contains("\"unreachableSince\":null", KubernetesJson.Serialize(status), StringComparison.Ordinal);
    }

    private static TodoApp App(RedisStatus? previous)
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        app.Status = new TodoAppStatus { Redis = previous };
        return app;
    }

    private static RedisReplicaStatus Replica(string name, bool inSync) => new() { Name = name, InSync = inSync };
}
