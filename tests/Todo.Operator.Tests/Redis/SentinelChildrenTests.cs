using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Redis;

/// <summary>The children of an app in Sentinel mode, as the builders make them.</summary>
public sealed class SentinelChildrenTests
{
    private static TodoApp SentinelApp(Action<TodoAppSpec>? configure = null) => TestApps.Create(spec =>
    {
        spec.Redis.Mode = RedisMode.Sentinel;
        configure?.Invoke(spec);
    });

    private static T Build<T>(IChildResource child, TodoApp app) => (T)child.Desired(app, Contexts.Current);

    [Fact]
    public void The_data_statefulset_runs_a_primary_and_two_replicas_spread_over_nodes_refusing_writes_without_a_replica()
    {
        var statefulSet = Build<V1StatefulSet>(new RedisStatefulSet(), SentinelApp());
        var redis = statefulSet.Spec.Template.Spec.Containers.Single(container => container.Name == "redis");

        Assert.Equal(3, statefulSet.Spec.Replicas);
        AssertSpreadOverNodes(statefulSet, AppLabels.RedisComponent);
        Assert.Equal("1", redis.Args[redis.Args.IndexOf("--min-replicas-to-write") + 1]);
        Assert.Equal("10", redis.Args[redis.Args.IndexOf("--min-replicas-max-lag") + 1]);
        var script = redis.Command[2];
        Assert.Contains("masterauth \"%s\"", script, StringComparison.Ordinal);
        Assert.Contains("replica-announce-ip %s", script, StringComparison.Ordinal);
        Assert.Contains("primary=shop-redis-0.shop-redis.team-a.svc", script, StringComparison.Ordinal);
        Assert.DoesNotContain([.. redis.Command, .. redis.Args], argument => argument.Contains(Contexts.Password, StringComparison.Ordinal));
        Assert.Equal(5, Build<V1StatefulSet>(new RedisStatefulSet(), SentinelApp(spec => spec.Redis.Replicas = 5)).Spec.Replicas);
    }

    [Fact]
    public void The_sentinels_watch_the_primary_by_dns_name_with_the_quorum_and_the_password_from_the_secret()
    {
        var statefulSet = Build<V1StatefulSet>(new RedisSentinelStatefulSet(), SentinelApp(spec => spec.Redis.Sentinel = new RedisSentinelSpec { Count = 5, Quorum = 3 }));
        var sentinel = Assert.Single(statefulSet.Spec.Template.Spec.Containers);
        var script = sentinel.Command[2];

        Assert.Equal(5, statefulSet.Spec.Replicas);
        AssertSpreadOverNodes(statefulSet, AppLabels.SentinelComponent);
        Assert.Contains("printf 'sentinel monitor shop-redis %s 6379 3\\n' \"$primary\"", script, StringComparison.Ordinal);
        Assert.Contains("'sentinel resolve-hostnames yes' 'sentinel announce-hostnames yes'", script, StringComparison.Ordinal);
        Assert.Contains("sentinel auth-user shop-redis sentinel\\nsentinel auth-pass shop-redis \"%s\"", script, StringComparison.Ordinal);
        Assert.Contains("user default off", script, StringComparison.Ordinal);
        Assert.Contains("shop-redis-sentinel-4.shop-redis-sentinel.team-a.svc", script, StringComparison.Ordinal);
        Assert.Equal("redis-server /tmp/sentinel.conf --sentinel", script.Split('\n')[^1].Replace("exec ", "", StringComparison.Ordinal));
        Assert.Equal(
            [
                ("shop-redis-password", "password"), ("shop-redis-users", "api-previous"), ("shop-redis-users", "replication"), ("shop-redis-users", "sentinel"),
                ("shop-redis-users", "sentinel"),
            ],
            sentinel.Env.Where(variable => variable.Name != "POD_NAME").Select(variable => (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key)));
    }

    [Fact]
    public void Every_sentinel_mode_pod_is_restricted_like_the_others()
    {
        var app = SentinelApp();
        foreach (var statefulSet in new[] { Build<V1StatefulSet>(new RedisStatefulSet(), app), Build<V1StatefulSet>(new RedisSentinelStatefulSet(), app) })
        {
            var pod = statefulSet.Spec.Template.Spec;
            Assert.Equivalent(PodSecurity.Pod(), pod.SecurityContext, strict: true);
            Assert.False(pod.AutomountServiceAccountToken);
            Assert.All(pod.Containers, container => Assert.Equivalent(PodSecurity.Container(), container.SecurityContext, strict: true));
        }
    }

    [Fact]
    public void Each_component_gets_a_budget_of_one_pod_down_in_sentinel_mode_only()
    {
        var data = Build<V1PodDisruptionBudget>(RedisMembers.DisruptionBudget, SentinelApp());
        var sentinels = Build<V1PodDisruptionBudget>(new RedisSentinelDisruptionBudget(), SentinelApp());

        Assert.Equal(("1", AppLabels.RedisComponent), (data.Spec.MaxUnavailable.Value, data.Spec.Selector.MatchLabels[AppLabels.ComponentKey]));
        Assert.Equal(("1", AppLabels.SentinelComponent), (sentinels.Spec.MaxUnavailable.Value, sentinels.Spec.Selector.MatchLabels[AppLabels.ComponentKey]));
        var standalone = TestApps.Create();
        Assert.DoesNotContain(TodoAppWorkflow.Children, child => child.IsWanted(standalone) && child.Name.Contains("Sentinel", StringComparison.Ordinal));
        Assert.False(RedisMembers.DisruptionBudget.IsWanted(standalone));
    }

    [Fact]
    public void The_api_asks_the_sentinels_for_the_primary_and_waits_for_one_replica()
    {
        var deployment = Build<V1Deployment>(new TodoApiDeployment(), SentinelApp());
        var env = deployment.Spec.Template.Spec.Containers.Single().Env.ToDictionary(variable => variable.Name);

        Assert.Equal(
            "shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc:26379,shop-redis-sentinel-1.shop-redis-sentinel.team-a.svc:26379,"
            + "shop-redis-sentinel-2.shop-redis-sentinel.team-a.svc:26379",
            env["Redis__SentinelEndpoints"].Value);
        Assert.Equal("shop-redis", env["Redis__SentinelServiceName"].Value);
        Assert.Equal("1", env["Redis__ReplicasToAcknowledge"].Value);
        Assert.Equal("shop-redis-password", env["Redis__Password"].ValueFrom.SecretKeyRef.Name);
        Assert.False(env.ContainsKey("Redis__Endpoint"));
    }

    private static void AssertSpreadOverNodes(V1StatefulSet statefulSet, string component)
    {
        var spread = Assert.Single(statefulSet.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Equal(("kubernetes.io/hostname", "DoNotSchedule", 1), (spread.TopologyKey, spread.WhenUnsatisfiable, spread.MaxSkew));
        Assert.Equal(component, spread.LabelSelector.MatchLabels[AppLabels.ComponentKey]);
    }
}
