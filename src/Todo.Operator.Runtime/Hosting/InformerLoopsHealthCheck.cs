using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// Unhealthy (live and ready) while an informer's loop has done nothing at all for <see cref="OperatorOptions.InformerStallTimeout"/>:
/// no attempt begun or ended, no event, no backoff over. Every wait in that loop is bounded (a request by RequestTimeout, a
/// silent watch by WatchTimeout + 30 s, a backoff by 30 s), so such a loop is stuck in this process (a handler that blocks,
/// a starved thread pool), which a restart fixes. An API server that fails, throttles or refuses requests, or does not
/// answer, keeps the loop busy retrying: that is reported by readiness (<see cref="InformersSyncedHealthCheck"/>), never
/// here, because restarting every operator pod in a brownout only adds a relist of everything to the API server's load.
/// </summary>
internal sealed class InformerLoopsHealthCheck(IInformerCache cache, TimeProvider time, IOptions<OperatorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var stall = options.Value.InformerStallTimeout;
        var stuck = cache.Informers(startedWithTheCache: false)
            .Where(informer => now - informer.Progress.LastActivity > stall)
            .Select(informer => $"{informer.Scope}: its loop has done nothing for {(now - informer.Progress.LastActivity).TotalSeconds:0} s")
            .ToList();
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"informers stuck in this process: {string.Join("; ", stuck)}"));
    }
}
