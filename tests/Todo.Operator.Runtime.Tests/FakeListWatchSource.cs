using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

/// <summary>A scripted API server: each list returns the next snapshot; each watch streams from a channel the test writes to.</summary>
internal sealed class FakeListWatchSource : IListWatchSource<V1ConfigMap>
{
    private readonly Queue<ResourceList<V1ConfigMap>> lists = new();
    private volatile Exception? listFailure;
    private volatile Exception? watchFailure;
    private volatile bool listsHang;
    private Channel<Func<WatchEvent<V1ConfigMap>>> watch = Channel.CreateUnbounded<Func<WatchEvent<V1ConfigMap>>>();

    public int ListCalls { get; private set; }

    public List<string> WatchedFrom { get; } = [];

    public void EnqueueList(string resourceVersion, params V1ConfigMap[] items) => lists.Enqueue(new ResourceList<V1ConfigMap>(items, resourceVersion));

    public void EnqueueList(string resourceVersion, V1ConfigMap[] items, UndecodableObject[] undecodable) =>
        lists.Enqueue(new ResourceList<V1ConfigMap>(items, resourceVersion) { Undecodable = undecodable });

    public void Send(WatchEventType type, V1ConfigMap obj) => watch.Writer.TryWrite(() => new WatchEvent<V1ConfigMap>(type, obj));

    public void Send(WatchEventType type, UndecodableObject undecodable) => watch.Writer.TryWrite(() => new WatchEvent<V1ConfigMap>(type, undecodable));

    /// <summary>Every list fails with <paramref name="error"/> until <see cref="HealLists"/>, as a server answering with an error would.</summary>
    public void FailLists(Exception error) => listFailure = error;

    public void HealLists() => listFailure = null;

    /// <summary>Every watch fails with <paramref name="error"/> as it starts, until <see cref="HealWatches"/>.</summary>
    public void FailWatches(Exception error) => watchFailure = error;

    public void HealWatches() => watchFailure = null;

    /// <summary>Every list from now on waits until it is cancelled: a step of the informer's loop that never ends.</summary>
    public void HangLists() => listsHang = true;

    public void Fail(Exception error) => watch.Writer.TryWrite(() => throw error);

    /// <summary>Ends the current watch stream as a server timeout would.</summary>
    public void EndWatch()
    {
        watch.Writer.TryComplete();
    }

    public Task<ResourceList<V1ConfigMap>> ListAsync(CancellationToken cancellationToken)
    {
        ListCalls++;
        if (listsHang)
        {
            return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<ResourceList<V1ConfigMap>>(
                _ => throw new OperationCanceledException(cancellationToken), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        if (listFailure is { } error)
        {
            return Task.FromException<ResourceList<V1ConfigMap>>(error);
        }

        return Task.FromResult(lists.Count > 1 ? lists.Dequeue() : lists.Peek());
    }

    public async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (WatchedFrom)
        {
            WatchedFrom.Add(resourceVersion);
        }

        if (watchFailure is { } error)
        {
            throw error;
        }

        var current = watch;
        await foreach (var next in current.Reader.ReadAllAsync(cancellationToken))
        {
            WatchEvent<V1ConfigMap> watchEvent;
            try
            {
                watchEvent = next();
            }
            catch
            {
                Interlocked.CompareExchange(ref watch, Channel.CreateUnbounded<Func<WatchEvent<V1ConfigMap>>>(), current);
                throw;
            }

            yield return watchEvent;
        }

        Interlocked.CompareExchange(ref watch, Channel.CreateUnbounded<Func<WatchEvent<V1ConfigMap>>>(), current);
    }

    /// <summary>A ConfigMap the client could not decode, as the client describes it.</summary>
    public static UndecodableObject Undecodable(string name, string resourceVersion) =>
        new(new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps"),
            new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", ResourceVersion = resourceVersion, Uid = $"uid-{name}" },
            "data.size: '1e1.5' is not a quantity the operator reads",
            default);

    public static V1ConfigMap ConfigMap(string name, string resourceVersion) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", ResourceVersion = resourceVersion } };

    /// <summary><paramref name="child"/>, controlled by the ConfigMap <paramref name="owner"/> (the harness's primary kind).</summary>
    public static V1ConfigMap OwnedBy(string owner, V1ConfigMap child)
    {
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner, Uid = "uid", Controller = true }];
        return child;
    }
}
