using System.Text;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Watches the Redis of the Sentinel-mode apps outside the reconcile, as controller-runtime's external event sources do:
/// every <see cref="Interval"/> it asks each tracked app's Sentinels (<see cref="SentinelAsker"/>), records the answer in
/// <see cref="SentinelObservations"/> and, when it differs from the last one (another primary, a replica in or out of
/// sync, the Sentinels gone silent or back), asks for a reconcile of the app, which reports it in the status. An app that
/// is gone from the cache, or no longer in Sentinel mode, is dropped with its connection; so are all of them once this
/// process no longer leads (no reconcile has tracked them for two resync periods).
/// </summary>
internal sealed partial class SentinelObserver(
    SentinelObservations observations,
    IInformerCache cache,
    ReconcileRequests<TodoApp> requests,
    TimeProvider time,
    IOptions<OperatorOptions> options,
    ILogger<SentinelObserver> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly ResourceType AppType = ResourceType.Of<TodoApp>();
    private static readonly ResourceType SecretType = ResourceType.Of<V1Secret>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var asker = new SentinelAsker();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PollAsync(asker, stoppingToken);
                await observations.WaitAsync(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Asks the Sentinels of every tracked app once, all apps at once.</summary>
    internal async Task PollAsync(SentinelAsker asker, CancellationToken cancellationToken)
    {
        if (!cache.Synced.Contains(AppType))
        {
            return;
        }

        foreach (var key in observations.ForgetUntrackedSince(time.GetUtcNow().UtcDateTime - (2 * options.Value.ResyncPeriod)))
        {
            await asker.ForgetAsync(Connection(key));
        }

        var polls = new List<Task>();
        foreach (var (key, uid) in observations.Tracked())
        {
            if (cache.Get(AppType, key.Namespace, key.Name) is not { } cached
                || cached.Metadata.Uid != uid
                || ObjectCopy.As<TodoApp>(cached) is not { } app
                || !RedisTopology.UsesSentinel(app))
            {
                observations.Forget(key);
                await asker.ForgetAsync(Connection(key));
                continue;
            }

            polls.Add(PollAsync(asker, key, app, cancellationToken));
        }

        await Task.WhenAll(polls);
    }

    private async Task PollAsync(SentinelAsker asker, (string Namespace, string Name) key, TodoApp app, CancellationToken cancellationToken)
    {
        SentinelView? view = null;
        try
        {
            view = Password(app) is { } password && Tls(app) is var (tls, readable) && readable
                ? await asker.AskAsync(Connection(key), SentinelTarget.For(app, password, tls), cancellationToken)
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever goes wrong with one app's Sentinels is no answer from them, never the end of the observer (and the host).
            LogAskFailed(e, app.Metadata.NamespaceProperty, app.Metadata.Name);
        }

        if (!observations.Record(key, app.Metadata.Uid, view, time.GetUtcNow().UtcDateTime))
        {
            return;
        }

        if (view is null)
        {
            LogUnanswered(app.Metadata.NamespaceProperty, app.Metadata.Name);
        }
        else
        {
            LogObserved(app.Metadata.NamespaceProperty, app.Metadata.Name, view.Primary, view.ReplicasInSync, view.Replicas.Count);
        }

        requests.Enqueue(app.Metadata.NamespaceProperty, app.Metadata.Name);
    }

    /// <summary>
    /// The password the pods read, from the Secret they read it from (a Secret of the user's only when labelled as a Redis
    /// password, as for the pods), as the cache holds it; null when it cannot be read yet.
    /// </summary>
    private string? Password(TodoApp app)
    {
        if (!cache.Synced.Contains(SecretType))
        {
            return null;
        }

        var reference = RedisPasswordRules.Reference(app);
        return cache.Get(SecretType, app.Metadata.NamespaceProperty, reference.Name) is { } cached
            && (app.Spec.Redis.PasswordSecretRef is null || RedisPasswordRules.OptedIn(cached))
            && ObjectCopy.As<V1Secret>(cached).Data?.TryGetValue(reference.Key, out var value) is true
            && value.Length > 0
                ? Encoding.UTF8.GetString(value)
                : null;
    }

    /// <summary>
    /// The TLS files of an app that uses TLS, as the cache holds their Secret (not readable until it does); none, and readable,
    /// for an app without TLS.
    /// </summary>
    private (RedisTlsFiles? Files, bool Readable) Tls(TodoApp app)
    {
        if (!RedisTls.Enabled(app))
        {
            return (null, true);
        }

        var files = cache.Synced.Contains(SecretType) && cache.Get(SecretType, app.Metadata.NamespaceProperty, ChildNames.RedisTlsSecret(app)) is { } cached
            ? RedisTlsFiles.From(ObjectCopy.As<V1Secret>(cached).Data)
            : null;
        return (files, files is not null);
    }

    private static string Connection((string Namespace, string Name) key) => $"{key.Namespace}/{key.Name}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the Sentinels of TodoApp {Namespace}/{Name} failed")]
    private partial void LogAskFailed(Exception exception, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "No Sentinel of TodoApp {Namespace}/{Name} answered")]
    private partial void LogUnanswered(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Sentinels of TodoApp {Namespace}/{Name} name {Primary} the primary, {InSync} of {Replicas} replicas in sync")]
    private partial void LogObserved(string @namespace, string name, string primary, int inSync, int replicas);
}
