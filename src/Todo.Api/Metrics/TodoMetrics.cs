using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace Todo.Api.Metrics;

/// <summary>
/// The app's Prometheus registry and its own collectors. A registry per app instance (not the static default)
/// keeps several hosts in one process, as in the tests, from sharing counters.
/// </summary>
internal sealed class TodoMetrics
{
    /// <summary>The operations are the few names <see cref="Storage.TodoStore"/> uses.</summary>
    private readonly ConcurrentDictionary<string, (Histogram.Child Success, Histogram.Child Error)> _redisCalls = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Awaits one Redis call, started at <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>), and records
    /// its duration, labelled with success or error. The labelled series are looked up once per operation, not per call.
    /// </summary>
    public async Task<T> TimeRedisAsync<T>(string operation, long started, Task<T> call)
    {
        var (success, error) = _redisCalls.GetOrAdd(operation, static (name, histogram) =>
            (histogram.WithLabels(name, "success"), histogram.WithLabels(name, "error")), RedisCallDuration);
        try
        {
            var result = await call;
            success.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return result;
        }
        catch
        {
            error.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }
}
