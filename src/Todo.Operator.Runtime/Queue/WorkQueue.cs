using Todo.Operator.Runtime.Observability;

namespace Todo.Operator.Runtime.Queue;

/// <summary>
/// client-go's rate-limited work queue. A key waits at most once (adds are deduplicated); a key being
/// processed is never handed to a second worker: added again meanwhile, it is queued when <see cref="Done"/>
/// is called. Failures back off per key (<see cref="ExponentialBackoff"/>) until <see cref="Forget"/>.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly Lock gate = new();
    private readonly Queue<string> queue = new();
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> enqueuedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> startedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Waiting> waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource shutdown = new();
    private readonly string name;
    private readonly ExponentialBackoff backoff;
    private readonly TimeProvider time;
    private TaskCompletionSource changed = NewSignal();

    public WorkQueue(string name, ExponentialBackoff? backoff = null, TimeProvider? time = null)
    {
        this.name = name;
        this.backoff = backoff ?? ExponentialBackoff.Default;
        this.time = time ?? TimeProvider.System;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public void Add(string key)
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested || !dirty.Add(key))
            {
                return;
            }

            RuntimeMetrics.WorkQueueAdds.WithLabels(name).Inc();
            enqueuedAt[key] = time.GetTimestamp();
            if (!processing.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>
    /// Adds the key once <paramref name="delay"/> has passed. A key waits once: an earlier pending delay wins, and a later
    /// one is cancelled, as in client-go's delaying queue (each superseded timer used to add the key once more when it fired).
    /// </summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        var due = time.GetUtcNow() + delay;
        Waiting entry;
        lock (gate)
        {
            if (shutdown.IsCancellationRequested || (waiting.TryGetValue(key, out var pending) && pending.Due <= due))
            {
                return;
            }

            pending?.Timer.Cancel();
            entry = new Waiting(due, CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token));
            waiting[key] = entry;
        }

        _ = AddWhenDueAsync(key, entry, delay);
    }

    /// <summary>Re-adds a key that failed, after its backoff; the failure count grows until <see cref="Forget"/>.</summary>
    public void AddRateLimited(string key)
    {
        int count;
        lock (gate)
        {
            count = failures.GetValueOrDefault(key);
            failures[key] = count + 1;
        }

        RuntimeMetrics.WorkQueueRetries.WithLabels(name).Inc();
        AddAfter(key, backoff.Delay(count));
    }

    /// <summary>Clears the key's failure history (after a success).</summary>
    public void Forget(string key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int NumRequeues(string key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>The next key to process, or null once the queue is shut down. Call <see cref="Done"/> after processing it.</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (shutdown.IsCancellationRequested)
                {
                    return null;
                }

                if (queue.TryDequeue(out var key))
                {
                    RuntimeMetrics.WorkQueueDepth.WithLabels(name).Set(queue.Count);
                    dirty.Remove(key);
                    processing.Add(key);

                    var now = time.GetTimestamp();
                    if (enqueuedAt.Remove(key, out var since))
                    {
                        RuntimeMetrics.WorkQueueQueueDuration.WithLabels(name).Observe(time.GetElapsedTime(since, now).TotalSeconds);
                    }

                    startedAt[key] = now;
                    return key;
                }

                signal = changed.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks the key processed; if it was added again meanwhile, it is queued now.</summary>
    public void Done(string key)
    {
        lock (gate)
        {
            if (!processing.Remove(key))
            {
                return;
            }

            if (startedAt.Remove(key, out var since))
            {
                RuntimeMetrics.WorkQueueWorkDuration.WithLabels(name).Observe(time.GetElapsedTime(since).TotalSeconds);
            }

            if (dirty.Contains(key) && !shutdown.IsCancellationRequested)
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Stops handing out keys (waiting workers get null) and drops pending delayed adds.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            shutdown.Cancel();
            changed.TrySetResult();
        }
    }

    public void Dispose()
    {
        ShutDown();
        shutdown.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Enqueue(string key)
    {
        queue.Enqueue(key);
        RuntimeMetrics.WorkQueueDepth.WithLabels(name).Set(queue.Count);
        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
    }

    private async Task AddWhenDueAsync(string key, Waiting entry, TimeSpan delay)
    {
        using var timer = entry.Timer;
        try
        {
            await Task.Delay(delay, time, timer.Token);
        }
        catch (OperationCanceledException)
        {
            // Superseded by an earlier delay, or shut down.
            return;
        }

        lock (gate)
        {
            if (!waiting.TryGetValue(key, out var pending) || pending != entry)
            {
                return;
            }

            waiting.Remove(key);
        }

        Add(key);
    }

    /// <summary>A key's pending delayed add: when it is due, and the switch that cancels it when an earlier one supersedes it.</summary>
    private sealed record Waiting(DateTimeOffset Due, CancellationTokenSource Timer);
}
