using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// Ready once discovery is done and every informer it led to has listed; a standby (non-leader) instance is ready too.
/// Informers of optional kinds added later do not count: a CRD installed while the operator runs cannot make it unready.
/// Degraded (still ready: HTTP 200, with the reason) while an informer makes no progress for
/// <see cref="OperatorOptions.InformerStallTimeout"/> because the API server fails it, and at once while the API server
/// refuses one (a watched namespace deleted with the operator's Role there): the operator serves what it cached and
/// catches up when the API server lets it, so the probe reports it without taking the pod out of its Service.
/// </summary>
internal sealed class InformersSyncedHealthCheck(IInformerCache cache, TimeProvider time, IOptions<OperatorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!cache.HasSynced)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("API discovery has not completed or the informers have not synced"));
        }

        var now = time.GetUtcNow();
        var stall = options.Value.InformerStallTimeout;
        var informers = cache.Informers(startedWithTheCache: true);
        var refused = informers
            .Where(informer => informer.Progress.Refusal is not null)
            .Select(informer => $"{informer.Scope}: {informer.Progress.Refusal}")
            .ToList();
        var behind = informers
            .Where(informer => informer.Progress.Refusal is null && now - informer.Progress.LastProgress > stall)
            .Select(informer => $"{informer.Scope}: no progress for {(now - informer.Progress.LastProgress).TotalSeconds:0} s"
                + (informer.Progress.LastFailure is { } failure ? $" (last failure: {failure})" : string.Empty))
            .ToList();
        var reasons = new List<string>();
        if (refused.Count > 0)
        {
            reasons.Add($"the API server refuses these informers (namespace gone or access taken away); the others run on: {string.Join("; ", refused)}");
        }

        if (behind.Count > 0)
        {
            reasons.Add($"the API server fails these informers; they retry and serve what they cached: {string.Join("; ", behind)}");
        }

        return Task.FromResult(reasons.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join(". ", reasons)));
    }
}
