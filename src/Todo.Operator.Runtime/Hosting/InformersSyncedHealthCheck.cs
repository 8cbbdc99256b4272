using Microsoft.Extensions.Diagnostics.HealthChecks;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// Ready once discovery is done and every informer it led to has listed; a standby (non-leader) instance is ready too.
/// Informers of optional kinds added later do not count: a CRD installed while the operator runs cannot make it unready.
/// </summary>
internal sealed class InformersSyncedHealthCheck(IInformerCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.HasSynced ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("API discovery has not completed or the informers have not synced"));
}
