using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Observability;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// Keeps a local copy of one resource type: list, then watch from the list's resourceVersion with bookmarks;
/// relist on 410 Gone; restart a watch that ends or goes idle; reconnect with capped exponential backoff when
/// the API server is unreachable. It runs until cancelled: it never crashes and never stops silently. An object the
/// client cannot decode is quarantined (logged once per resourceVersion, counted, reported to handlers) while every
/// other object is cached as usual; <see cref="Progress"/> tells the health checks whether it still moves, and whether
/// the API server lets it progress.
/// </summary>
internal sealed partial class Informer<T>(
    InformerScope scope,
    IListWatchSource<T> source,
    InformerTimings timings,
    TimeProvider time,
    ILogger<Informer<T>> logger,
    Func<T, T>? trim = null,
    bool compress = false) : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly InformerStore<T> store = new(trim, compress);
    private readonly Lock handlersGate = new();
    private readonly Prometheus.Gauge.Child quarantineGauge = RuntimeMetrics.QuarantinedObjects.WithLabels(scope.Type.ToString());
    private readonly InformerRefusal refusal = new(scope, logger);
    private ImmutableHandlers handlers = ImmutableHandlers.Empty;
    private volatile bool hasSynced;
    private volatile InformerProgress progress = new(time.GetUtcNow(), null);
    private int quarantinedCount;

    /// <summary>Where to resume; null forces a relist. Kept per event so a broken watch resumes where it broke.</summary>
    private string? resourceVersion;

    public InformerScope Scope => scope;

    public bool HasSynced => hasSynced;

    public InformerProgress Progress => progress;

    public T? GetTyped(string? ns, string name) => store.Get(ObjectKey.Of(ns, name));

    /// <summary>The object stored under this name that could not be decoded, or null.</summary>
    public UndecodableObject? GetQuarantined(string? ns, string name) => store.GetQuarantined(ObjectKey.Of(ns, name));

    public IReadOnlyList<UndecodableObject> Quarantined => store.ListQuarantined();

    /// <summary>The keys of every object, decodable or quarantined (none is decoded).</summary>
    public IReadOnlyList<string> Keys() => store.Keys();

    public IKubernetesObject<V1ObjectMeta>? Get(string? ns, string name) => GetTyped(ns, name);

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List() => store.List();

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(string ns) => store.List(ns);

    public IDisposable AddHandler(Action<ResourceEvent> handler)
    {
        lock (handlersGate)
        {
            handlers = handlers.With(handler);
        }

        return new Registration(() =>
        {
            lock (handlersGate)
            {
                handlers = handlers.Without(handler);
            }
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        resourceVersion = null;
        progress = new InformerProgress(time.GetUtcNow(), null);
        try
        {
            await ListAndWatchAsync(cancellationToken);
        }
        finally
        {
            // A stopped informer (its API went away) no longer counts what it held.
            quarantineGauge.Dec(Interlocked.Exchange(ref quarantinedCount, 0));
            refusal.Stopped();
        }
    }

    private async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        var backoff = timings.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    Active();
                    var list = await source.ListAsync(cancellationToken);
                    // The API server answered: the refusal is cleared before the store holds what it listed, so whoever
                    // sees the listed objects (or the informer synced) sees it no longer refused.
                    Progressed();
                    Dispatch(store.Replace(list));
                    resourceVersion = list.ResourceVersion;
                    hasSynced = true;
                    LogListed(scope, list.Items.Count, list.Undecodable.Count, resourceVersion);
                }

                if (await WatchAsync(resourceVersion, cancellationToken) == 0)
                {
                    // A stream the server closes at once must not turn into a tight request loop.
                    await Task.Delay(timings.InitialBackoff, cancellationToken);
                }

                backoff = timings.InitialBackoff;
            }
            catch (ResourceExpiredException e)
            {
                LogExpired(scope, e.Message);
                resourceVersion = null;
                Active();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Failed(e, backoff);
                try
                {
                    await Task.Delay(backoff, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                Active();

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, timings.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Runs one watch until it ends, goes idle or fails; returns how many events it delivered.</summary>
    private async Task<int> WatchAsync(string from, CancellationToken cancellationToken)
    {
        var delivered = 0;
        Active();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timings.IdleTimeout);
        try
        {
            await foreach (var watchEvent in source.WatchAsync(from, idle.Token))
            {
                idle.CancelAfter(timings.IdleTimeout);
                delivered++;
                if (watchEvent.ResourceVersion is { Length: > 0 } seen)
                {
                    resourceVersion = seen;
                }

                if (watchEvent.Type is not WatchEventType.Bookmark && store.Apply(watchEvent) is { } change)
                {
                    Dispatch([change]);
                }

                Progressed();
            }

            // The server ended the watch (its timeout): nothing changed meanwhile, which is progress too.
            Progressed();
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogIdle(scope, timings.IdleTimeout);
            Active();
        }

        return delivered;
    }

    private void Progressed()
    {
        refusal.End();
        progress = new InformerProgress(time.GetUtcNow(), null);
    }

    /// <summary>
    /// A failed list or watch. A refusal also forgets the resourceVersion: whatever happened meanwhile (a namespace deleted and
    /// created again), the informer relists once it is allowed to, and a refusal logs once, not at every retry.
    /// </summary>
    private void Failed(Exception error, TimeSpan backoff)
    {
        var refused = InformerRefusal.ReasonOf(error);
        progress = progress with { LastFailure = $"{error.GetType().Name}: {error.Message}", LastActivity = time.GetUtcNow(), Refusal = refused ?? progress.Refusal };
        if (refused is null)
        {
            LogWatchFailed(error, scope, backoff);
            return;
        }

        resourceVersion = null;
        if (!refusal.Begin(refused))
        {
            LogStillRefused(scope, backoff);
        }
    }

    /// <summary>The loop moved, whether or not the API server let it progress: the heartbeat liveness looks at.</summary>
    private void Active() => progress = progress with { LastActivity = time.GetUtcNow() };

    private void Dispatch(IReadOnlyList<ResourceEvent> changes)
    {
        var current = handlers;
        CountQuarantined();
        foreach (var change in changes)
        {
            LogQuarantine(change);
            foreach (var handler in current.Items)
            {
                try
                {
                    handler(change);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(e, scope);
                }
            }
        }
    }

    /// <summary>Logs objects entering and leaving quarantine; the store reports each version once, so a relist logs nothing new.</summary>
    private void LogQuarantine(ResourceEvent change)
    {
        switch (change)
        {
            case { Type: ResourceEventType.Quarantined, Object: UndecodableObject undecodable }:
                LogQuarantined(scope, undecodable.Metadata.NamespaceProperty, undecodable.Metadata.Name, undecodable.Metadata.ResourceVersion, undecodable.Reason);
                break;
            case { Type: ResourceEventType.Added, Old: UndecodableObject }:
                LogDecodedAgain(scope, change.Object.Metadata?.NamespaceProperty, change.Object.Metadata?.Name, change.Object.Metadata?.ResourceVersion);
                break;
        }
    }

    /// <summary>Moves the gauge by what this informer's quarantine changed, so informers of one type (one per namespace) add up.</summary>
    private void CountQuarantined()
    {
        var now = store.QuarantinedCount;
        quarantineGauge.Inc(now - Interlocked.Exchange(ref quarantinedCount, now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Scope}: {Count} objects, {Undecodable} undecodable, at resourceVersion {ResourceVersion}")]
    private partial void LogListed(InformerScope scope, int count, int undecodable, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Quarantined {Namespace}/{Name} of {Scope} at resourceVersion {ResourceVersion}: it cannot be decoded ({Reason}); every other object is served as usual")]
    private partial void LogQuarantined(InformerScope scope, string? @namespace, string? name, string? resourceVersion, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Name} of {Scope} decodes again at resourceVersion {ResourceVersion}; it leaves quarantine")]
    private partial void LogDecodedAgain(InformerScope scope, string? @namespace, string? name, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Scope} expired (410 Gone: {Reason}); relisting")]
    private partial void LogExpired(InformerScope scope, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Scope} failed; retrying in {Backoff}")]
    private partial void LogWatchFailed(Exception exception, InformerScope scope, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The API server still refuses {Scope}; retrying in {Backoff}")]
    private partial void LogStillRefused(InformerScope scope, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Scope} was silent for {IdleTimeout}; restarting it")]
    private partial void LogIdle(InformerScope scope, TimeSpan idleTimeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler of {Scope} failed")]
    private partial void LogHandlerFailed(Exception exception, InformerScope scope);

    /// <summary>Copy-on-write so dispatch never holds a lock while handlers run.</summary>
    private sealed record ImmutableHandlers(IReadOnlyList<Action<ResourceEvent>> Items)
    {
        public static ImmutableHandlers Empty { get; } = new([]);

        public ImmutableHandlers With(Action<ResourceEvent> handler) => new([.. Items, handler]);

        public ImmutableHandlers Without(Action<ResourceEvent> handler) => new([.. Items.Where(item => item != handler)]);
    }

    private sealed class Registration(Action unregister) : IDisposable
    {
        private Action? pending = unregister;

        public void Dispose() => Interlocked.Exchange(ref pending, null)?.Invoke();
    }
}
