using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// One Kestrel, two ports: probes (/healthz, /readyz) on the probe port, /metrics on the metrics port, so a
/// NetworkPolicy can open metrics to Prometheus without exposing anything else. Each endpoint is bound to the port the
/// connection arrived on (<see cref="LocalPortMatcherPolicy"/>), not to the Host header. Equal ports serve all three.
/// </summary>
public static class ProbeEndpoints
{
    public const string ReadyTag = "ready";

    public const string LiveTag = "live";

    public static void ListenOnOperatorPorts(this IWebHostBuilder webHost, OperatorOptions options)
    {
        // Listen, not UseUrls: Kestrel ignores URLs once any port is bound by Listen, as the webhook's HTTPS port is.
        webHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in new[] { options.ProbePort, options.MetricsPort }.Distinct())
            {
                kestrel.ListenAnyIP(port);
            }
        });
    }

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints, OperatorOptions options)
    {
        // Without the policy the port metadata would be ignored and every endpoint would answer on every port.
        if (!endpoints.ServiceProvider.GetServices<MatcherPolicy>().OfType<LocalPortMatcherPolicy>().Any())
        {
            throw new InvalidOperationException("The operator's endpoints are bound by port: call AddOperatorRuntime first.");
        }

        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new LocalPortMetadata(options.ProbePort));
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new LocalPortMetadata(options.ProbePort));
        endpoints.MapMetrics().WithMetadata(new LocalPortMetadata(options.MetricsPort));
        return endpoints;
    }

    /// <summary>The routing policy that binds an endpoint to the port a connection arrived on.</summary>
    internal static IServiceCollection AddPortBoundEndpoints(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, LocalPortMatcherPolicy>());
        return services;
    }
}
