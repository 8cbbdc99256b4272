using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Todo.Api.Health;

/// <summary>
/// Readiness: the API can serve only while a Redis primary answers a PING. A Redis that cannot persist (MISCONF: its
/// AOF or snapshot disk is failing) refuses PING like it refuses writes, as does one that is loading or busy; the report
/// names that reason rather than calling Redis unreachable. Through Sentinel, the connection may still reach the old
/// primary after Sentinel demoted it: it answers PING as a replica and refuses every write, so a replica is no primary.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return redis.GetServers().Any(server => server.IsConnected && !server.IsReplica)
                ? HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.")
                : HealthCheckResult.Unhealthy("Redis answers, but no primary is reachable: a failover is under way or has not been made.");
        }
        catch (RedisServerException e)
        {
            return HealthCheckResult.Unhealthy($"Redis refuses commands: {e.Message}", e);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable.", e);
        }
    }
}
