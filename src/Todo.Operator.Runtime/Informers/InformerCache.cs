using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Informers;

internal sealed class InformerCache(IResourceClient client, IOptions<OperatorOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    : IInformerCache, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<InformerScope, Entry> informers = [];
    private CancellationToken running;
    private bool started;

    public bool HasSynced
    {
        get
        {
            lock (gate)
            {
                // Informers added later belong to optional kinds: a slow or failing one must not make the operator unready.
                return started && informers.Values.Where(entry => entry.BeforeStart).All(entry => entry.Informer.HasSettled());
            }
        }
    }

    public ResourceCatalog Synced
    {
        get
        {
            lock (gate)
            {
                // A type watched in several namespaces is readable once every one of its informers has listed, or is refused
                // (its namespace gone): the others' objects are readable all the same.
                return new ResourceCatalog(informers.Values
                    .GroupBy(entry => entry.Informer.Scope.Type)
                    .Where(type => type.All(entry => entry.Informer.HasSettled()) && type.Any(entry => entry.Informer.HasSynced))
                    .Select(type => type.Key));
            }
        }
    }

    public IInformer GetOrAdd<T>(InformerScope scope, bool compress = false)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            if (informers.TryGetValue(scope, out var existing))
            {
                return existing.Informer as Informer<T>
                    ?? throw new InvalidOperationException($"{scope} is already cached as {existing.Informer.GetType().GenericTypeArguments[0].Name}, not {typeof(T).Name}.");
            }

            var watchTimeout = options.Value.WatchTimeout;
            var informer = new Informer<T>(
                scope,
                new ResourceListWatch<T>(client, scope, watchTimeout),
                InformerTimings.For(watchTimeout),
                time,
                loggerFactory.CreateLogger<Informer<T>>(),
                obj => CacheTrim.Trim(obj, options.Value.FieldManager),
                compress);
            var entry = new Entry(informer, beforeStart: !started);
            informers.Add(scope, entry);
            if (started)
            {
                entry.Start(running);
            }

            return informer;
        }
    }

    public void Remove(InformerScope scope)
    {
        Entry? removed;
        lock (gate)
        {
            informers.Remove(scope, out removed);
        }

        removed?.Stop();
    }

    // A type may be cached by several informers: one per watched namespace, and of different label selectors (owned and
    // referenced Secrets).
    public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name) =>
        Find(type)
            .Where(informer => informer.Scope.Namespace is null || informer.Scope.Namespace == ns)
            .Select(informer => informer.Get(ns, name))
            .FirstOrDefault(found => found is not null);

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type) =>
        [.. Find(type).SelectMany(informer => informer.List()).DistinctBy(found => ObjectKey.Of(found))];

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type, string ns) =>
        [.. Find(type)
            .Where(informer => informer.Scope.Namespace is null || informer.Scope.Namespace == ns)
            .SelectMany(informer => informer.List(ns))
            .DistinctBy(found => ObjectKey.Of(found))];

    public IReadOnlyList<IInformer> Informers(bool startedWithTheCache)
    {
        lock (gate)
        {
            return [.. informers.Values.Where(entry => !startedWithTheCache || entry.BeforeStart).Select(entry => entry.Informer)];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            running = cancellationToken;
            started = true;
            foreach (var entry in informers.Values)
            {
                entry.Start(cancellationToken);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: every informer's token is linked to this one.
        }

        Task[] runs;
        lock (gate)
        {
            runs = [.. informers.Values.Select(entry => entry.Run)];
        }

        await Task.WhenAll(runs);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in informers.Values)
            {
                entry.Stop();
            }

            informers.Clear();
        }
    }

    /// <summary>The informers of <paramref name="type"/>: one, or one per watched namespace.</summary>
    private List<IInformer> Find(ResourceType type)
    {
        lock (gate)
        {
            var found = informers.Values.Where(entry => entry.Informer.Scope.Type == type).Select(entry => entry.Informer).ToList();
            return found.Count > 0
                ? found
                : throw new InvalidOperationException($"No informer caches {type}; own it on the controller (Owns), or check the cache's Synced types first.");
        }
    }

    /// <summary>An informer with its own stop switch, so one whose API went away stops while the others run on.</summary>
    private sealed class Entry(IInformer informer, bool beforeStart)
    {
        private CancellationTokenSource? stopping;

        public IInformer Informer => informer;

        /// <summary>Registered before the cache ran: one of the caches readiness waits for.</summary>
        public bool BeforeStart => beforeStart;

        public Task Run { get; private set; } = Task.CompletedTask;

        public void Start(CancellationToken cacheRunning)
        {
            stopping = CancellationTokenSource.CreateLinkedTokenSource(cacheRunning);
            var token = stopping.Token;
            Run = Task.Run(() => informer.RunAsync(token), CancellationToken.None);
        }

        public void Stop()
        {
            if (stopping is { } source)
            {
                source.Cancel();
                Run.ContinueWith(_ => source.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }
}
