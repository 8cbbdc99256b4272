using System.Diagnostics;
using Prometheus;

namespace Todo.Api.Metrics;

/// <summary>
/// The app's Prometheus registry and its own collectors. A registry per app instance (not the static default)
/// keeps several hosts in one process, as in the tests, from sharing counters.
/// </summary>
internal sealed class TodoMetrics
{
    public TodoMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        RedisCallDuration = Factory.CreateHistogram(
            "todo_redis_call_duration_seconds",
            "Duration of the Redis calls made by the API, by operation and outcome.",
            new HistogramConfiguration
            {
                LabelNames = ["operation", "outcome"],
                Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14),
            });
        TodoCount = Factory.CreateGauge("todo_items", "Number of todos stored, read from Redis at scrape time.");
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public Histogram RedisCallDuration { get; }

    public Gauge TodoCount { get; }

    /// <summary>Runs one Redis call and records its duration, labelled with success or error.</summary>
    public async Task<T> TimeRedisAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await call();
            outcome = "success";
            return result;
        }
        finally
        {
            RedisCallDuration.WithLabels(operation, outcome).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
