using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Children;

/// <summary>Which of an app's pods may connect to which, whatever objects the policies are spread over.</summary>
public sealed class AppNetworkPathsTests
{
    private const string Api = AppLabels.TodoApiComponent;
    private const string Redis = AppLabels.RedisComponent;
    private const string Sentinel = AppLabels.SentinelComponent;
    private const string Backup = AppLabels.BackupComponent;

    [Fact]
    public void Standalone_redis_is_reached_by_the_api_and_the_backup_jobs_only_and_nothing_else_connects()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Monitoring.Enabled = true;
            spec.Redis.Exporter.Enabled = true;
        });

        Assert.Equal([(Api, Redis, 6379), (Backup, Redis, 6379)], AppNetworkPaths.Of(app, Contexts.Current));
    }

    [Fact]
    public void In_sentinel_mode_the_clients_reach_the_data_pods_and_the_sentinels_which_reach_each_other()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

        Assert.Equal(
            [
                (Api, Redis, 6379), (Api, Sentinel, 26379),
                (Redis, Redis, 6379), (Redis, Sentinel, 26379),
                (Sentinel, Redis, 6379), (Sentinel, Sentinel, 26379),
                (Backup, Redis, 6379), (Backup, Sentinel, 26379),
            ],
            AppNetworkPaths.Of(app, Contexts.Current));
    }

    [Fact]
    public void Without_policies_every_pod_reaches_every_port()
    {
        var app = TestApps.Create(spec => spec.NetworkPolicy.Enabled = false);

        Assert.Equal(4 * 5, AppNetworkPaths.Of(app, Contexts.Current).Count);
    }
}
