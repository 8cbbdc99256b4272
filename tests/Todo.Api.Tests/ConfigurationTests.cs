using Microsoft.Extensions.Options;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>Key prefixes keep apps apart on one Redis; invalid settings stop the start with a clear message.</summary>
public sealed class ConfigurationTests(SharedRedis redis)
{
    [Fact]
    public async Task Apps_with_different_key_prefixes_share_a_redis_without_seeing_each_other()
    {
        await using var first = new TodoApiFactory(redis.Server.Endpoint);
        await using var second = new TodoApiFactory(redis.Server.Endpoint);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        var mine = await firstClient.CreateTodoAsync(new { title = "first app" });
        using var cleared = await secondClient.DeleteAsync("/todos", TestContext.Current.CancellationToken);

        Assert.Empty(await secondClient.ListTodosAsync());
        Assert.Equal([mine], await firstClient.ListTodosAsync());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("star*")]
    [InlineData("{tag}")]
    public void An_invalid_key_prefix_stops_the_start_naming_the_setting(string prefix)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, prefix);

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Api:MaxTodos", "0", "MaxTodos")]
    [InlineData("Api:ShutdownDelaySeconds", "61", "ShutdownDelaySeconds")]
    [InlineData("Api:RateLimit:PermitsPerSecond", "-1", "PermitsPerSecond")]
    [InlineData("Api:RateLimit:Burst", "1000001", "Burst")]
    [InlineData("Redis:TimeoutMilliseconds", "99", "TimeoutMilliseconds")]
    [InlineData("Redis:Database", "16", "Database")]
    [InlineData("Redis:ReplicasToAcknowledge", "9", "ReplicasToAcknowledge")]
    [InlineData("Redis:ReplicationTimeoutMilliseconds", "2001", "ReplicationTimeoutMilliseconds")]
    public void A_number_out_of_range_stops_the_start_naming_the_setting(string key, string value, string named)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:SentinelEndpoints", "127.0.0.1:26379", "SentinelServiceName")]
    [InlineData("Redis:SentinelServiceName", "todo", "SentinelEndpoints")]
    public void Sentinel_endpoints_without_a_service_name_or_the_other_way_round_stop_the_start(string key, string value, string named)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
