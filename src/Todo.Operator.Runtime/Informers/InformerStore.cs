using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// The cache behind an informer, keyed by namespace/name. It turns lists and watch events into the changes
/// handlers should see: an object replayed with an unchanged resourceVersion (after a reconnect or relist)
/// produces no event, and a relist reports objects deleted while the watch was down.
/// </summary>
internal sealed class InformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public T? Get(string key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public IReadOnlyList<ResourceEvent> Replace(IEnumerable<T> snapshot)
    {
        var changes = new List<ResourceEvent>();
        lock (gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in snapshot)
            {
                var key = ObjectKey.Of(obj);
                seen.Add(key);
                if (Upsert(key, obj) is { } change)
                {
                    changes.Add(change);
                }
            }

            foreach (var gone in items.Keys.Where(key => !seen.Contains(key)).ToList())
            {
                changes.Add(new ResourceEvent(ResourceEventType.Deleted, items[gone]));
                items.Remove(gone);
            }
        }

        return changes;
    }

    public ResourceEvent? Apply(WatchEvent<T> watchEvent)
    {
        var key = ObjectKey.Of(watchEvent.Object);
        lock (gate)
        {
            switch (watchEvent.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    return Upsert(key, watchEvent.Object);
                case WatchEventType.Deleted when items.Remove(key, out var last):
                    return new ResourceEvent(ResourceEventType.Deleted, watchEvent.Object, last);
                default:
                    return null;
            }
        }
    }

    private ResourceEvent? Upsert(string key, T obj)
    {
        if (!items.TryGetValue(key, out var old))
        {
            items[key] = obj;
            return new ResourceEvent(ResourceEventType.Added, obj);
        }

        if (string.Equals(old.Metadata?.ResourceVersion, obj.Metadata?.ResourceVersion, StringComparison.Ordinal))
        {
            return null;
        }

        items[key] = obj;
        return new ResourceEvent(ResourceEventType.Updated, obj, old);
    }
}
