using Prometheus;
using StackExchange.Redis;
using Todo.Api.Storage;

namespace Todo.Api.Metrics;

internal static class MetricsExtensions
{
    /// <summary>HTTP request duration histograms by route and status code, recorded into the app's registry.</summary>
    public static IApplicationBuilder UseTodoHttpMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<TodoMetrics>();
        RegisterTodoCount(metrics, app.ApplicationServices);
        return app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
    }

    public static IEndpointConventionBuilder MapTodoMetrics(this IEndpointRouteBuilder app) =>
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<TodoMetrics>().Registry);

    /// <summary>Reads the todo count from Redis at each scrape; a scrape during an outage keeps the last value.</summary>
    private static void RegisterTodoCount(TodoMetrics metrics, IServiceProvider services) =>
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                metrics.TodoCount.Set(await services.GetRequiredService<TodoStore>().CountAsync().WaitAsync(cancellationToken));
            }
            catch (RedisException)
            {
                // The Redis call histogram already counts the failure; the scrape itself must still succeed.
            }
        });
}
