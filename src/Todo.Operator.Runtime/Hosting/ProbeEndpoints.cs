using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// One Kestrel, two ports: probes (/healthz, /readyz) on the probe port, /metrics on the metrics port, so a
/// NetworkPolicy can open metrics to Prometheus without exposing anything else. Equal ports serve all three.
/// </summary>
public static class ProbeEndpoints
{
    public const string ReadyTag = "ready";

    public const string LiveTag = "live";

    public static void ListenOnOperatorPorts(this IWebHostBuilder webHost, OperatorOptions options)
    {
        webHost.UseUrls([.. new[] { options.ProbePort, options.MetricsPort }.Distinct().Select(port => $"http://+:{port}")]);
    }

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints, OperatorOptions options)
    {
        var probes = $"*:{options.ProbePort}";
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .RequireHost(probes);
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .RequireHost(probes);
        endpoints.MapMetrics().RequireHost($"*:{options.MetricsPort}");
        return endpoints;
    }
}
