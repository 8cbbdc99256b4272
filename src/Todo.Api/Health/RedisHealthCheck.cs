using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Todo.Api.Health;

/// <summary>
/// Readiness: the API can serve only while Redis answers a PING. A Redis that cannot persist (MISCONF: its AOF or
/// snapshot disk is failing) refuses PING like it refuses writes, as does one that is loading or busy; the report
/// names that reason rather than calling Redis unreachable.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.");
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
