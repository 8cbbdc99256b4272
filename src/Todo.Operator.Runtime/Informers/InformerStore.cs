using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// The cache behind an informer, keyed by namespace/name. It turns lists and watch events into the changes
/// handlers should see: an object replayed with an unchanged resourceVersion (after a reconnect or relist)
/// produces no event, and a relist reports objects deleted while the watch was down. Objects the client could not
/// decode are kept apart (quarantine), by resourceVersion, so a relist that finds the same one again reports nothing.
/// </summary>
/// <param name="trim">Applied to every object before it is stored (<see cref="CacheTrim"/>); the store owns what it is given.</param>
/// <param name="compress">Whether objects are kept as <see cref="CompressedCopy{T}"/>, each read a new object.</param>
internal sealed class InformerStore<T>(Func<T, T>? trim = null, bool compress = false)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, Stored> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UndecodableObject> quarantined = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public T? Get(string key)
    {
        Stored found;
        lock (gate)
        {
            if (!items.TryGetValue(key, out found))
            {
                return null;
            }
        }

        return found.Read();
    }

    public IReadOnlyList<T> List()
    {
        Stored[] all;
        lock (gate)
        {
            all = [.. items.Values];
        }

        return [.. all.Select(stored => stored.Read())];
    }

    /// <summary>The objects of <paramref name="ns"/>, found by their keys: only those are decoded.</summary>
    public IReadOnlyList<T> List(string ns)
    {
        var prefix = ObjectKey.Of(ns, string.Empty);
        Stored[] found;
        lock (gate)
        {
            found = [.. items.Where(item => item.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(item => item.Value)];
        }

        return [.. found.Select(stored => stored.Read())];
    }

    /// <summary>The bytes its compressed copies hold; 0 when it keeps objects as they are.</summary>
    public long CompressedBytes
    {
        get
        {
            lock (gate)
            {
                return items.Values.Sum(stored => (long)stored.CompressedLength);
            }
        }
    }

    public int QuarantinedCount
    {
        get
        {
            lock (gate)
            {
                return quarantined.Count;
            }
        }
    }

    public UndecodableObject? GetQuarantined(string key)
    {
        lock (gate)
        {
            return quarantined.GetValueOrDefault(key);
        }
    }

    /// <summary>The keys of every object, decodable or quarantined, without decoding any.</summary>
    public IReadOnlyList<string> Keys()
    {
        lock (gate)
        {
            return [.. items.Keys, .. quarantined.Keys];
        }
    }

    public IReadOnlyList<UndecodableObject> ListQuarantined()
    {
        lock (gate)
        {
            return [.. quarantined.Values];
        }
    }

    public IReadOnlyList<ResourceEvent> Replace(ResourceList<T> snapshot)
    {
        var changes = new List<ResourceEvent>();
        lock (gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in snapshot.Items)
            {
                var key = ObjectKey.Of(obj);
                seen.Add(key);
                Add(changes, Upsert(key, obj));
            }

            foreach (var undecodable in snapshot.Undecodable)
            {
                var key = ObjectKey.Of(undecodable);
                seen.Add(key);
                Add(changes, Quarantine(key, undecodable));
            }

            foreach (var gone in items.Keys.Where(key => !seen.Contains(key)).ToList())
            {
                changes.Add(new ResourceEvent(ResourceEventType.Deleted, items[gone].Read()));
                items.Remove(gone);
            }

            foreach (var gone in quarantined.Keys.Where(key => !seen.Contains(key)).ToList())
            {
                changes.Add(new ResourceEvent(ResourceEventType.Deleted, quarantined[gone]));
                quarantined.Remove(gone);
            }
        }

        return changes;
    }

    public ResourceEvent? Apply(WatchEvent<T> watchEvent)
    {
        IKubernetesObject<V1ObjectMeta> received = (IKubernetesObject<V1ObjectMeta>?)watchEvent.Object
            ?? watchEvent.Undecodable ?? throw new ArgumentException("A watch event carries an object.", nameof(watchEvent));
        var key = ObjectKey.Of(received);
        lock (gate)
        {
            switch (watchEvent.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified when watchEvent.Object is { } obj:
                    return Upsert(key, obj);
                case WatchEventType.Added or WatchEventType.Modified when watchEvent.Undecodable is { } undecodable:
                    return Quarantine(key, undecodable);
                case WatchEventType.Deleted when items.Remove(key, out var last):
                    return new ResourceEvent(ResourceEventType.Deleted, received, last.Read());
                case WatchEventType.Deleted when quarantined.Remove(key):
                    return new ResourceEvent(ResourceEventType.Deleted, received);
                default:
                    return null;
            }
        }
    }

    private ResourceEvent? Upsert(string key, T received)
    {
        if (quarantined.Remove(key, out var undecodable))
        {
            var decoded = Store(key, received);
            return new ResourceEvent(ResourceEventType.Added, decoded, undecodable);
        }

        if (!items.TryGetValue(key, out var old))
        {
            return new ResourceEvent(ResourceEventType.Added, Store(key, received));
        }

        // A replay (relist, reconnect) is neither trimmed nor stored again.
        if (string.Equals(old.ResourceVersion, received.Metadata?.ResourceVersion, StringComparison.Ordinal))
        {
            return null;
        }

        var previous = old.Read();
        return new ResourceEvent(ResourceEventType.Updated, Store(key, received), previous);
    }

    /// <summary>Trims and stores <paramref name="received"/>; returns the trimmed object, which handlers see.</summary>
    private T Store(string key, T received)
    {
        var obj = trim is null ? received : trim(received);
        items[key] = compress ? new Stored(null, CompressedCopy<T>.Of(obj)) : new Stored(obj, null);
        return obj;
    }

    /// <summary>An undecodable version replaces the cached copy, so nothing acts on a spec that is no longer the stored one.</summary>
    private ResourceEvent? Quarantine(string key, UndecodableObject undecodable)
    {
        var last = items.Remove(key, out var stored) ? stored.Read() : null;
        if (last is null && quarantined.TryGetValue(key, out var known) && SameVersion(known, undecodable))
        {
            return null;
        }

        quarantined[key] = undecodable;
        return new ResourceEvent(ResourceEventType.Quarantined, undecodable, last);
    }

    private static bool SameVersion(UndecodableObject left, UndecodableObject right) =>
        string.Equals(left.Metadata?.ResourceVersion, right.Metadata?.ResourceVersion, StringComparison.Ordinal);

    private static void Add(List<ResourceEvent> changes, ResourceEvent? change)
    {
        if (change is not null)
        {
            changes.Add(change);
        }
    }

    /// <summary>One cached object: itself, or its compressed copy.</summary>
    private readonly record struct Stored(T? Object, CompressedCopy<T>? Copy)
    {
        public string? ResourceVersion => Object is not null ? Object.Metadata?.ResourceVersion : Copy!.ResourceVersion;

        public int CompressedLength => Copy?.CompressedLength ?? 0;

        public T Read() => Object ?? Copy!.Decode();
    }
}
