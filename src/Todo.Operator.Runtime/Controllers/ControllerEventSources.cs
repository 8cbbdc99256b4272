using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// The informers a controller listens to, mapped to keys of its work queue: primary events (filtered) to their own key, owned
/// objects' events to their controlling owner's key (after <see cref="ControllerSettings.ChildEventDelay"/>), referenced
/// objects' events to every primary object of their namespace that refers to them. Owned informers can come and go while
/// the controller runs (an optional kind whose API appears or goes away); each change reconciles every primary object.
/// </summary>
internal sealed partial class ControllerEventSources<TEntity> : IDisposable
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerSettings settings;
    private readonly PrimaryInformers<TEntity> primary;
    private readonly WorkQueue queue;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<IInformer, IDisposable> owned = [];

    /// <summary>The informers the controller was built with: workers start once these have synced, later ones never hold them back.</summary>
    private readonly HashSet<IInformer> startWith = [];
    private readonly IDisposable primarySubscription;
    private readonly CancellationTokenSource disposed = new();

    public ControllerEventSources(
        ControllerSettings settings,
        PrimaryInformers<TEntity> primary,
        IReadOnlyList<IInformer> owned,
        IReadOnlyList<(IInformer Informer, Func<IKubernetesObject<V1ObjectMeta>, TEntity, bool> References)> referenced,
        WorkQueue queue,
        ILogger logger)
    {
        this.settings = settings;
        this.primary = primary;
        this.queue = queue;
        this.logger = logger;
        primarySubscription = primary.AddHandler(OnPrimaryEvent);
        foreach (var informer in owned)
        {
            this.owned[informer] = informer.AddHandler(OnOwnedEvent);
            startWith.Add(informer);
        }

        foreach (var (informer, references) in referenced)
        {
            this.owned[informer] = informer.AddHandler(change => OnReferencedEvent(change, references));
            startWith.Add(informer);
        }
    }

    /// <summary>
    /// Whether the informers the controller was built with have listed, or are refused by the API server (a watched namespace
    /// deleted), so that workers may start: one namespace gone must not keep them from every other one.
    /// </summary>
    public bool HasSettled
    {
        get
        {
            lock (gate)
            {
                return primary.HasSettled && startWith.All(informer => informer.HasSettled());
            }
        }
    }

    /// <summary>Starts mapping the events of an informer added later; every primary object is reconciled once it has synced.</summary>
    public void Watch(IInformer informer)
    {
        lock (gate)
        {
            if (owned.ContainsKey(informer))
            {
                return;
            }

            owned[informer] = informer.AddHandler(OnOwnedEvent);
        }

        _ = EnqueueAllOnceSyncedAsync(informer);
    }

    /// <summary>Stops mapping the events of an informer that is going away, and reconciles every primary object without it.</summary>
    public void Unwatch(IInformer informer)
    {
        lock (gate)
        {
            if (!owned.Remove(informer, out var subscription))
            {
                return;
            }

            startWith.Remove(informer);
            subscription.Dispose();
        }

        EnqueueAll();
    }

    public void EnqueueAll()
    {
        foreach (var key in primary.Keys())
        {
            queue.Add(key);
        }
    }

    public void Dispose()
    {
        disposed.Cancel();
        primarySubscription.Dispose();
        lock (gate)
        {
            foreach (var subscription in owned.Values)
            {
                subscription.Dispose();
            }

            owned.Clear();
        }

        disposed.Dispose();
    }

    private void OnPrimaryEvent(ResourceEvent change)
    {
        if (settings.EventFilter(change))
        {
            queue.Add(ObjectKey.Of(change.Object));
        }
    }

    private void OnOwnedEvent(ResourceEvent change)
    {
        if (OwnerMapping.ControllerOwnerKey(change.Object, settings.PrimaryType) is { } ownerKey)
        {
            // The first event of a burst sets the time; later ones within it wait with it (an earlier pending delay wins).
            queue.AddAfter(ownerKey, settings.ChildEventDelay);
        }
    }

    /// <summary>A referenced object changed: reconcile the primary objects of its namespace that refer to it.</summary>
    private void OnReferencedEvent(ResourceEvent change, Func<IKubernetesObject<V1ObjectMeta>, TEntity, bool> references)
    {
        var ns = change.Object.Metadata?.NamespaceProperty;
        foreach (var key in primary.Keys())
        {
            var (primaryNamespace, name) = ObjectKey.Parse(key);
            if (primaryNamespace == ns && primary.Get(primaryNamespace, name) is { } entity && references(change.Object, entity))
            {
                queue.Add(key);
            }
        }
    }

    private async Task EnqueueAllOnceSyncedAsync(IInformer informer)
    {
        var stopping = disposed.Token;
        try
        {
            while (!informer.HasSynced)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stopping);
            }

            LogOwnedSynced(settings.Name, informer.Scope);
            EnqueueAll();
        }
        catch (OperationCanceledException)
        {
            // The controller is gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller}: {Scope} has synced; reconciling every object")]
    private partial void LogOwnedSynced(string controller, InformerScope scope);
}
