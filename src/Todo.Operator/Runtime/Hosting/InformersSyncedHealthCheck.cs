using Microsoft.Extensions.Diagnostics.HealthChecks;
using Todo.Operator.Runtime.Discovery;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>Ready once discovery is done and every informer has listed; a standby (non-leader) instance is ready too.</summary>
internal sealed class InformersSyncedHealthCheck(ClusterCapabilitiesProvider capabilities, IInformerCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !capabilities.IsKnown ? HealthCheckResult.Unhealthy("API discovery has not completed")
            : !cache.HasSynced ? HealthCheckResult.Unhealthy("informers have not synced")
            : HealthCheckResult.Healthy());
}
