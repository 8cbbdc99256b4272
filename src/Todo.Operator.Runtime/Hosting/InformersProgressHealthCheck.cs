using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// Unhealthy (live and ready) while an informer the operator depends on has made no progress for
/// <see cref="OperatorOptions.InformerStallTimeout"/> although the API server answers this process: a wedged informer,
/// which a restart may fix and which would otherwise leave the cache frozen behind a green probe. An unreachable API
/// server is not this process's fault, and restarting would not help. Informers of optional kinds found later do not count.
/// </summary>
internal sealed class InformersProgressHealthCheck(IInformerCache cache, ApiServerContact contact, TimeProvider time, IOptions<OperatorOptions> options)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var stall = options.Value.InformerStallTimeout;
        if (contact.LastAnswer is not { } answered || now - answered > stall)
        {
            return Task.FromResult(HealthCheckResult.Healthy("the API server has not answered lately; informers are not judged"));
        }

        var wedged = cache.Informers(startedWithTheCache: true)
            .Where(informer => now - informer.Progress.LastProgress > stall)
            .Select(informer => $"{informer.Scope}: no progress for {(now - informer.Progress.LastProgress).TotalSeconds:0} s"
                + (informer.Progress.LastFailure is { } failure ? $" (last failure: {failure})" : string.Empty))
            .ToList();
        return Task.FromResult(wedged.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"wedged informers while the API server answers: {string.Join("; ", wedged)}"));
    }
}
