using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Observability;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Feeds a work queue from the primary informer (filtered) and the owned informers (mapped to the owner's
/// key), and reconciles keys with workers. Reconcile is level-based: it reads the latest cached object,
/// whatever event woke it. Failures back off per key without a retry limit. Owned informers can come and go
/// while it runs (an optional kind whose API appears or goes away); each change reconciles every primary object.
/// A primary object the client cannot decode is not reconciled but reported, once per resourceVersion: a Warning Event
/// on it and the app's <see cref="IUndecodableObjectReporter{TEntity}"/>, if it registered one.
/// </summary>
internal sealed partial class Controller<TEntity> : IController, IDisposable
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The reason of the Warning Event on a primary object the client cannot decode.</summary>
    public const string UndecodableReason = "Undecodable";

    private readonly ControllerSettings settings;
    private readonly PrimaryInformers<TEntity> primary;
    private readonly Lock ownedGate = new();
    private readonly Dictionary<IInformer, IDisposable> owned = [];

    /// <summary>The informers the controller was built with: workers start once these have synced, later ones never hold them back.</summary>
    private readonly HashSet<IInformer> startWith = [];
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;
    private readonly IDisposable primarySubscription;
    private readonly CancellationTokenSource disposed = new();

    /// <summary>The resourceVersion each quarantined object was reported at, so resyncs and relists report nothing twice.</summary>
    private readonly ConcurrentDictionary<string, string> reported = new(StringComparer.Ordinal);

    public Controller(
        ControllerSettings settings,
        IReadOnlyList<Informer<TEntity>> primaries,
        IReadOnlyList<IInformer> owned,
        IServiceScopeFactory scopes,
        ILogger<Controller<TEntity>> logger,
        ExponentialBackoff? backoff = null,
        IReadOnlyList<(IInformer Informer, Func<IKubernetesObject<V1ObjectMeta>, TEntity, bool> References)>? referenced = null)
    {
        this.settings = settings;
        primary = new PrimaryInformers<TEntity>(primaries);
        this.scopes = scopes;
        this.logger = logger;
        Queue = new WorkQueue(settings.Name, backoff);
        primarySubscription = primary.AddHandler(OnPrimaryEvent);
        foreach (var informer in owned)
        {
            this.owned[informer] = informer.AddHandler(OnOwnedEvent);
            startWith.Add(informer);
        }

        foreach (var (informer, references) in referenced ?? [])
        {
            this.owned[informer] = informer.AddHandler(change => OnReferencedEvent(change, references));
            startWith.Add(informer);
        }
    }

    public string Name => settings.Name;

    internal WorkQueue Queue { get; }

    public async Task RunWorkersAsync(CancellationToken stopping, CancellationToken shutdown)
    {
        await WaitForCachesAsync(stopping);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        EnqueueAll();
        using var hardStop = new CancellationTokenSource();
        // On shutdown this instance still holds the lease, so in-flight reconciles may finish. Leadership lost
        // means another instance may already lead: writing on would race it, so reconciles stop at once.
        using var graceTimer = stopping.Register(() =>
            hardStop.CancelAfter(shutdown.IsCancellationRequested ? settings.ShutdownGracePeriod : TimeSpan.Zero));
        LogStarted(settings.Name, settings.Workers);
        var workers = Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(() => WorkAsync(stopping, hardStop.Token), CancellationToken.None));
        await Task.WhenAll(workers);
        LogStopped(settings.Name);
    }

    /// <summary>Reconciles one key; public to the runtime so tests can drive a controller step by step.</summary>
    internal async Task ProcessAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Parse(key);
        if (primary.Get(ns, name) is not { } cached)
        {
            if (primary.GetQuarantined(ns, name) is { } undecodable)
            {
                await ReportUndecodableAsync(key, undecodable, cancellationToken);
                return;
            }

            reported.TryRemove(key, out _);
            LogGone(settings.Name, key);
            Queue.Forget(key);
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "success").Inc();
            return;
        }

        // Decoded again: should it break later, that version is reported afresh.
        reported.TryRemove(key, out _);

        var started = Stopwatch.GetTimestamp();
        ReconciliationResult result;
        try
        {
            // The cache's copy is shared with every reader; the reconciler gets its own to mutate freely. Inside the
            // try: whatever goes wrong with one object is that object's failure, never the worker's end.
            var entity = ObjectCopy.Deep(cached);
            await using var scope = scopes.CreateAsyncScope();
            var reconciler = scope.ServiceProvider.GetRequiredService<IReconciler<TEntity>>();
            result = await reconciler.ReconcileAsync(entity, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ReconciliationResult.Failure(e);
        }
        finally
        {
            RuntimeMetrics.ReconcileTime.WithLabels(settings.Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (result.IsTerminal)
        {
            RuntimeMetrics.TerminalReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "error").Inc();
            LogTerminal(result.Error, settings.Name, key, settings.TerminalErrorRetryDelay);
            Queue.Forget(key);
            Queue.AddAfter(key, settings.TerminalErrorRetryDelay);
        }
        else if (!result.IsSuccess)
        {
            RuntimeMetrics.ReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "error").Inc();
            LogFailed(result.Error, settings.Name, key, Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }
        else if (result.RequeueAfter is { } delay)
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "requeue_after").Inc();
            Queue.Forget(key);
            Queue.AddAfter(key, delay);
        }
        else
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "success").Inc();
            Queue.Forget(key);
            // The resync of each key, a period after its own reconcile: resyncs stay spread as the reconciles were, rather
            // than every key at once on one timer, which queued a real event behind a reconcile of every object.
            Queue.AddAfter(key, settings.ResyncPeriod);
        }
    }

    /// <summary>Reports a quarantined primary object once per resourceVersion; a failed report is retried with backoff.</summary>
    private async Task ReportUndecodableAsync(string key, UndecodableObject undecodable, CancellationToken cancellationToken)
    {
        var version = undecodable.Metadata.ResourceVersion ?? string.Empty;
        if (reported.TryGetValue(key, out var done) && done == version)
        {
            Queue.Forget(key);
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var message = $"The operator cannot read this {undecodable.Kind} (resourceVersion {version}): {undecodable.Reason}. "
                + "Until a version it can read is stored, it is not reconciled and its children are left as they are.";
            await scope.ServiceProvider.GetRequiredService<IEventRecorder>().RecordAsync(undecodable, EventType.Warning, UndecodableReason, message, cancellationToken);
            if (scope.ServiceProvider.GetService<IUndecodableObjectReporter<TEntity>>() is { } reporter)
            {
                await reporter.ReportAsync(undecodable, cancellationToken);
            }

            reported[key] = version;
            Queue.Forget(key);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(e, settings.Name, key, Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }
    }

    /// <summary>
    /// Starts mapping the events of an informer added while the controller runs, and reconciles every primary object
    /// once it has synced, so that children of a kind that just became available are created.
    /// </summary>
    public void Watch(IInformer informer)
    {
        lock (ownedGate)
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
        lock (ownedGate)
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

    public void Dispose()
    {
        disposed.Cancel();
        primarySubscription.Dispose();
        lock (ownedGate)
        {
            foreach (var subscription in owned.Values)
            {
                subscription.Dispose();
            }

            owned.Clear();
        }

        Queue.Dispose();
        disposed.Dispose();
    }

    private void OnPrimaryEvent(ResourceEvent change)
    {
        if (settings.EventFilter(change))
        {
            Queue.Add(ObjectKey.Of(change.Object));
        }
    }

    private void OnOwnedEvent(ResourceEvent change)
    {
        if (OwnerMapping.ControllerOwnerKey(change.Object, settings.PrimaryType) is { } ownerKey)
        {
            // The first event of a burst sets the time; later ones within it wait with it (an earlier pending delay wins).
            Queue.AddAfter(ownerKey, settings.ChildEventDelay);
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
                Queue.Add(key);
            }
        }
    }

    private void EnqueueAll()
    {
        foreach (var key in primary.Keys())
        {
            Queue.Add(key);
        }
    }

    private bool CachesSynced()
    {
        lock (ownedGate)
        {
            return primary.HasSynced && startWith.All(informer => informer.HasSynced);
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

    private async Task WaitForCachesAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !CachesSynced())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WorkAsync(CancellationToken stopping, CancellationToken hardStop)
    {
        while (!stopping.IsCancellationRequested)
        {
            string? key;
            try
            {
                key = await Queue.GetAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (key is null)
            {
                return;
            }

            RuntimeMetrics.ActiveWorkers.WithLabels(settings.Name).Inc();
            try
            {
                await ProcessAsync(key, hardStop);
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                // Cancelled by shutdown: the next leader (or this one, re-elected) reconciles it again.
                Queue.Add(key);
            }
            finally
            {
                RuntimeMetrics.ActiveWorkers.WithLabels(settings.Name).Dec();
                Queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} started with {Workers} workers")]
    private partial void LogStarted(string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private partial void LogStopped(string controller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller}: {Scope} has synced; reconciling every object")]
    private partial void LogOwnedSynced(string controller, InformerScope scope);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Controller {Controller}: {Key} is gone from the cache; nothing to do")]
    private partial void LogGone(string controller, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reporting the undecodable {Key} failed (attempt {Attempt}); retrying with backoff")]
    private partial void LogReportFailed(Exception exception, string controller, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed terminally; retrying in {Delay} or when it changes")]
    private partial void LogTerminal(Exception exception, string controller, string key, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private partial void LogFailed(Exception exception, string controller, string key, int attempt);
}
