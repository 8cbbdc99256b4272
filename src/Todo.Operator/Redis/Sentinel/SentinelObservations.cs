using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The Sentinel-mode apps the operator has reconciled, each with the latest result of asking its Sentinels: the reconcile
/// tracks an app and reads its result here, <see cref="SentinelObserver"/> asks and records. Reading never waits for a
/// Sentinel. An app is known by namespace and name, its result by uid too: an app deleted and created again starts over.
/// </summary>
internal sealed class SentinelObservations
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Namespace, string Name), Entry> entries = [];
    private TaskCompletionSource added = NewSignal();

    /// <summary>Asks the observer to follow <paramref name="app"/>'s Sentinels (at once, when it is new to it), reconciled at <paramref name="now"/>.</summary>
    public void Track(TodoApp app, DateTime now)
    {
        var key = Key(app);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Uid == app.Metadata.Uid)
            {
                entries[key] = entry with { Tracked = now };
                return;
            }

            entries[key] = new Entry(app.Metadata.Uid, now, null);
            added.TrySetResult();
        }
    }

    public void Forget(TodoApp app) => Forget(Key(app));

    public void Forget((string Namespace, string Name) key)
    {
        lock (gate)
        {
            entries.Remove(key);
        }
    }

    /// <summary>The latest result for <paramref name="app"/>, or null before its Sentinels were first asked.</summary>
    public SentinelObservation? Latest(TodoApp app)
    {
        lock (gate)
        {
            return entries.TryGetValue(Key(app), out var entry) && entry.Uid == app.Metadata.Uid ? entry.Latest : null;
        }
    }

    /// <summary>The apps followed, as keys and uids.</summary>
    public IReadOnlyList<((string Namespace, string Name) Key, string Uid)> Tracked()
    {
        lock (gate)
        {
            return [.. entries.Select(pair => (pair.Key, pair.Value.Uid))];
        }
    }

    /// <summary>
    /// Stops following the apps no reconcile has tracked since <paramref name="before"/>: this process no longer leads
    /// (every app is reconciled at least every resync period while it does), so another one follows them.
    /// </summary>
    public IReadOnlyList<(string Namespace, string Name)> ForgetUntrackedSince(DateTime before)
    {
        lock (gate)
        {
            var stale = entries.Where(pair => pair.Value.Tracked < before).Select(pair => pair.Key).ToList();
            stale.ForEach(key => entries.Remove(key));
            return stale;
        }
    }

    /// <summary>
    /// Records what the Sentinels of the app said at <paramref name="now"/> (null: none answered); true when it differs from
    /// the previous result (or is the first), which is then the one that began at <paramref name="now"/>.
    /// </summary>
    public bool Record((string Namespace, string Name) key, string uid, SentinelView? view, DateTime now)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry) || entry.Uid != uid)
            {
                return false;
            }

            if (entry.Latest is { } latest && Equals(latest.View, view))
            {
                return false;
            }

            entries[key] = entry with { Latest = new SentinelObservation(view, now) };
            return true;
        }
    }

    /// <summary>Waits for <paramref name="delay"/>, or less when an app is tracked that was not before.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (added.Task.IsCompleted)
            {
                // Tracked while the last poll ran: poll again at once.
                added = NewSignal();
                return;
            }

            signal = added.Task;
        }

        await Task.WhenAny(signal, Task.Delay(delay, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static (string Namespace, string Name) Key(TodoApp app) => (app.Metadata.NamespaceProperty, app.Metadata.Name);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Entry(string Uid, DateTime Tracked, SentinelObservation? Latest);
}
