using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Not ready while the webhook port has no valid certificate to present: a rollout then waits instead of replacing a
/// replica that serves the webhooks with one that cannot.
/// </summary>
internal sealed class WebhookCertificateHealthCheck(ServingCertificate serving, IOptions<WebhookOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var secret = $"{options.Value.ResolvedNamespace()}/{options.Value.SecretName}";
        return Task.FromResult(serving.Current switch
        {
            null => HealthCheckResult.Unhealthy($"the webhook port has no certificate yet (Secret {secret})"),
            { } certificate when certificate.NotAfter.ToUniversalTime() <= time.GetUtcNow().UtcDateTime =>
                HealthCheckResult.Unhealthy($"the webhook certificate of Secret {secret} expired at {certificate.NotAfter.ToUniversalTime():O}"),
            _ => HealthCheckResult.Healthy(),
        });
    }
}
