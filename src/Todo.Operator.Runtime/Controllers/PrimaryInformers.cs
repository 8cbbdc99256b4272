using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// The primary informers of one controller, one per watched namespace (or one for all namespaces), read as one: an object is
/// looked up in the informer of its namespace, lists and sync state span all of them.
/// </summary>
internal sealed class PrimaryInformers<TEntity>(IReadOnlyList<Informer<TEntity>> informers)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Every informer has listed or is refused (<see cref="InformerSettling"/>).</summary>
    public bool HasSettled => informers.All(informer => informer.HasSettled());

    public TEntity? Get(string? ns, string name) => For(ns)?.GetTyped(ns, name);

    public UndecodableObject? GetQuarantined(string? ns, string name) => For(ns)?.GetQuarantined(ns, name);

    /// <summary>The keys of every object, decodable or quarantined.</summary>
    public IEnumerable<string> Keys() => informers.SelectMany(informer => informer.Keys());

    public IDisposable AddHandler(Action<ResourceEvent> handler) =>
        new Registrations([.. informers.Select(informer => informer.AddHandler(handler))]);

    private Informer<TEntity>? For(string? ns) =>
        informers.FirstOrDefault(informer => informer.Scope.Namespace is null || informer.Scope.Namespace == ns);

    private sealed class Registrations(IReadOnlyList<IDisposable> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
