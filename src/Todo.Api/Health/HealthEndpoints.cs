using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Todo.Api.Health;

internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddTodoHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        return services;
    }

    /// <summary>/healthz checks nothing but the process (a Redis outage must not restart pods); /readyz checks Redis.</summary>
    public static IEndpointRouteBuilder MapTodoHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync });
        return app;
    }

    /// <summary>The status, then one line per check that is not healthy, saying why (for a person reading the probe).</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"\n{entry.Key}: {entry.Value.Description}");
        return context.Response.WriteAsync(report.Status + string.Concat(reasons));
    }
}
