using Prometheus;

namespace Todo.Api.Metrics;

internal static class MetricsExtensions
{
    public static IServiceCollection AddTodoMetrics(this IServiceCollection services) =>
        services.AddSingleton<TodoMetrics>().AddSingleton<TodoCountGauge>();

    /// <summary>HTTP request duration histograms by route and status code, recorded into the app's registry.</summary>
    public static IApplicationBuilder UseTodoHttpMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<TodoMetrics>();
        var count = app.ApplicationServices.GetRequiredService<TodoCountGauge>();
        metrics.Registry.AddBeforeCollectCallback(count.RefreshAsync);
        return app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
    }

    public static IEndpointConventionBuilder MapTodoMetrics(this IEndpointRouteBuilder app) =>
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<TodoMetrics>().Registry);
}
