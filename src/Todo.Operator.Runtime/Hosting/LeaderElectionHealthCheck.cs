using Microsoft.Extensions.Diagnostics.HealthChecks;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>Unhealthy (live and ready) while the leader-election loop has stopped trying to acquire or renew its Lease.</summary>
internal sealed class LeaderElectionHealthCheck(ILeadership leadership, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(leadership.StuckReason(time.GetUtcNow()) is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());
}
