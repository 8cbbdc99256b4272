using System.Diagnostics;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Observability;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Reconciles the keys its <see cref="ControllerEventSources{TEntity}"/> queue, with workers that run only while this instance
/// leads. Reconcile is level-based: it reads the latest cached object, whatever event woke it; what happens next depends on
/// the <see cref="ReconciliationResult"/> (<see cref="ReconcileOutcome"/>). A primary object the client cannot decode is
/// not reconciled but reported (<see cref="UndecodableObjectReports{TEntity}"/>).
/// </summary>
internal sealed partial class Controller<TEntity> : IController, IDisposable
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The reason of the Warning Event on a primary object the client cannot decode.</summary>
    public const string UndecodableReason = "Undecodable";

    private readonly ControllerSettings settings;
    private readonly PrimaryInformers<TEntity> primary;
    private readonly ControllerEventSources<TEntity> sources;
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;
    private readonly UndecodableObjectReports<TEntity> undecodableReports;
    private readonly ReconcileOutcome outcome;

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
        sources = new ControllerEventSources<TEntity>(settings, primary, owned, referenced ?? [], Queue, logger);
        undecodableReports = new UndecodableObjectReports<TEntity>(scopes);
        outcome = new ReconcileOutcome(settings, Queue, logger);
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

        sources.EnqueueAll();
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

            undecodableReports.Forget(key);
            outcome.Gone(key);
            return;
        }

        undecodableReports.Forget(key);
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

        outcome.Apply(key, result);
    }

    /// <summary>
    /// Starts mapping the events of an informer added while the controller runs, and reconciles every primary object
    /// once it has synced, so that children of a kind that just became available are created.
    /// </summary>
    public void Watch(IInformer informer) => sources.Watch(informer);

    public void Unwatch(IInformer informer) => sources.Unwatch(informer);

    public void Dispose()
    {
        sources.Dispose();
        Queue.Dispose();
    }

    /// <summary>A quarantined primary object is never reconciled, but reported once per resourceVersion; a failed report is retried with backoff.</summary>
    private async Task ReportUndecodableAsync(string key, UndecodableObject undecodable, CancellationToken cancellationToken)
    {
        try
        {
            if (!undecodableReports.IsReported(key, undecodable))
            {
                await undecodableReports.ReportAsync(key, undecodable, cancellationToken);
            }

            Queue.Forget(key);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(e, settings.Name, key, Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }
    }

    private async Task WaitForCachesAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !sources.HasSettled)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reporting the undecodable {Key} failed (attempt {Attempt}); retrying with backoff")]
    private partial void LogReportFailed(Exception exception, string controller, string key, int attempt);
}
