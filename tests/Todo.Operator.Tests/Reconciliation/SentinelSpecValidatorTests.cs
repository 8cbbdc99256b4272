using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class SentinelSpecValidatorTests
{
    [Fact]
    public void Sentinel_mode_with_its_defaults_or_explicit_settings_is_valid()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel)));
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec =>
        {
            spec.Redis.Mode = RedisMode.Sentinel;
            spec.Redis.Replicas = 2;
            spec.Redis.Sentinel = new RedisSentinelSpec { Count = 5, Quorum = 3 };
        })));
    }

    [Fact]
    public void A_quorum_above_the_sentinel_count_is_reported_with_both_values()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
        {
            spec.Redis.Mode = RedisMode.Sentinel;
            spec.Redis.Sentinel = new RedisSentinelSpec { Count = 3, Quorum = 4 };
        })));

        Assert.Equal(("spec.redis.sentinel.quorum", "InvalidSentinelQuorum"), (problem.Field, problem.Reason));
        Assert.Contains("quorum (4)", problem.Message, StringComparison.Ordinal);
        Assert.Contains("count (3)", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Fewer_than_two_data_pods_in_sentinel_mode_is_reported(int replicas)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
        {
            spec.Redis.Mode = RedisMode.Sentinel;
            spec.Redis.Replicas = replicas;
        })));

        Assert.Equal(("spec.redis.replicas", "InvalidRedisReplicas"), (problem.Field, problem.Reason));
    }

    [Fact]
    public void Sentinel_fields_on_a_standalone_app_are_reported_not_ignored()
    {
        var problems = SpecValidator.Validate(TestApps.Create(spec =>
        {
            spec.Redis.Replicas = 3;
            spec.Redis.Sentinel = new RedisSentinelSpec();
        }));

        Assert.Equal(
            [("spec.redis.replicas", "InvalidRedisMode"), ("spec.redis.sentinel", "InvalidRedisMode")],
            problems.Select(problem => (problem.Field, problem.Reason)));
    }
}
