using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Informers;

internal sealed class InformerCache(IResourceClient client, IOptions<OperatorOptions> options, ILoggerFactory loggerFactory) : IInformerCache
{
    private readonly Lock gate = new();
    private readonly Dictionary<InformerScope, IInformer> informers = [];
    private bool running;

    public bool HasSynced
    {
        get
        {
            lock (gate)
            {
                return informers.Values.All(informer => informer.HasSynced);
            }
        }
    }

    public Informer<T> GetOrAdd<T>(InformerScope scope)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            if (informers.TryGetValue(scope, out var existing))
            {
                return existing as Informer<T>
                    ?? throw new InvalidOperationException($"{scope} is already cached as {existing.GetType().GenericTypeArguments[0].Name}, not {typeof(T).Name}.");
            }

            if (running)
            {
                throw new InvalidOperationException($"Informers must be registered before the cache starts ({scope}).");
            }

            var watchTimeout = options.Value.WatchTimeout;
            var informer = new Informer<T>(
                scope,
                new ResourceListWatch<T>(client, scope, watchTimeout),
                InformerTimings.For(watchTimeout),
                loggerFactory.CreateLogger<Informer<T>>());
            informers.Add(scope, informer);
            return informer;
        }
    }

    public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name)
    {
        lock (gate)
        {
            var informer = informers.Values.FirstOrDefault(candidate => candidate.Scope.Type == type)
                ?? throw new InvalidOperationException($"No informer caches {type}; register it with Owns(...) on the controller.");
            return informer.Get(ns, name);
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        List<IInformer> all;
        lock (gate)
        {
            running = true;
            all = [.. informers.Values];
        }

        return Task.WhenAll(all.Select(informer => informer.RunAsync(cancellationToken)));
    }
}
