using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>A Sentinel's replies as the operator reads them: addresses to the app's data pods, replicas in sync or not.</summary>
public sealed class SentinelRepliesTests
{
    private const string Domain = "shop-redis.team-a.svc";

    private static readonly SentinelTarget Target = SentinelTarget.For(TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel), "pw");

    [Fact]
    public void The_target_is_the_apps_sentinels_by_their_dns_names_and_the_name_they_know_the_primary_by()
    {
        Assert.Equal(
            [
                "shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc:26379",
                "shop-redis-sentinel-1.shop-redis-sentinel.team-a.svc:26379",
                "shop-redis-sentinel-2.shop-redis-sentinel.team-a.svc:26379",
            ],
            Target.Sentinels);
        Assert.Equal("shop-redis", Target.PrimaryName);
    }

    [Theory]
    [InlineData($"shop-redis-1.{Domain}", 6379, "shop-redis-1")]
    [InlineData($"shop-redis-1.{Domain}", 6380, null)]
    [InlineData("shop-redis-1.shop-redis.team-b.svc", 6379, null)]
    [InlineData($"other-1.{Domain}", 6379, null)]
    [InlineData($"x.shop-redis-1.{Domain}", 6379, null)]
    [InlineData("10.42.0.7", 6379, null)]
    [InlineData($"shop-redis-2.{Domain}", 6379, "shop-redis-2")]
    [InlineData($"shop-redis-3.{Domain}", 6379, null)]
    [InlineData($"shop-redis-01.{Domain}", 6379, null)]
    public void Only_an_address_of_the_apps_data_pods_is_a_pod(string host, int port, string? pod) =>
        Assert.Equal(pod, Target.PodOf(host, port));

    [Fact]
    public void The_primary_and_each_replica_in_sync_or_not_sorted_by_name()
    {
        var view = SentinelReplies.Parse(
            Target.PodOf,
            [$"shop-redis-1.{Domain}", "6379"],
            [
                Replica("shop-redis-2", flags: "slave", link: "ok"),
                Replica("shop-redis-0", flags: "s_down,slave,disconnected", link: "err"),
            ]);

        Assert.Equal(
            new SentinelView("shop-redis-1", [new RedisReplicaStatus { Name = "shop-redis-0" }, new RedisReplicaStatus { Name = "shop-redis-2", InSync = true }]),
            view);
        Assert.Equal(1, view!.ReplicasInSync);
    }

    /// <summary>Each sign that a replica does not follow the named primary now, on its own, puts it out of sync.</summary>
    [Theory]
    [InlineData("s_down,slave", "ok", "shop-redis-1")]
    [InlineData("o_down,slave", "ok", "shop-redis-1")]
    [InlineData("slave,disconnected", "ok", "shop-redis-1")]
    [InlineData("slave,promoted", "ok", "shop-redis-1")]
    [InlineData("slave", "err", "shop-redis-1")]
    [InlineData("slave", "ok", "shop-redis-0")]
    public void A_replica_down_unlinked_or_following_another_primary_is_not_in_sync(string flags, string link, string upstream)
    {
        var view = SentinelReplies.Parse(Target.PodOf, [$"shop-redis-1.{Domain}", "6379"], [Replica("shop-redis-2", flags, link, upstream)]);

        Assert.False(Assert.Single(view!.Replicas).InSync);
    }

    [Fact]
    public void A_primary_that_is_none_of_the_apps_pods_is_no_answer()
    {
        Assert.Null(SentinelReplies.Parse(Target.PodOf, ["10.42.0.7", "6379"], []));
        Assert.Null(SentinelReplies.Parse(Target.PodOf, [], []));
    }

    [Fact]
    public void Replicas_that_are_none_of_the_apps_pods_are_left_out()
    {
        var stranger = new Dictionary<string, string>(Replica("shop-redis-2", "slave", "ok")) { ["ip"] = "10.42.0.7" };

        var view = SentinelReplies.Parse(Target.PodOf, [$"shop-redis-1.{Domain}", "6379"], [stranger]);

        Assert.Empty(view!.Replicas);
    }

    private static Dictionary<string, string> Replica(string pod, string flags, string link, string upstream = "shop-redis-1") => new()
    {
        ["name"] = $"{pod}.{Domain}:6379",
        ["ip"] = $"{pod}.{Domain}",
        ["port"] = "6379",
        ["flags"] = flags,
        ["master-link-status"] = link,
        ["master-host"] = $"{upstream}.{Domain}",
        ["master-port"] = "6379",
    };
}
