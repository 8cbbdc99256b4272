using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Discovery;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// The operator's lifecycle: discover which owned kinds the cluster serves (retrying until the API server answers),
/// build the controllers, warm every informer, run the controllers' workers only while this instance leads, and
/// look again for optional kinds when the CRDs that bring them change (or, polling, every <see cref="OperatorOptions.DiscoveryInterval"/>).
/// </summary>
internal sealed partial class OperatorService(
    IServiceProvider services,
    IEnumerable<IControllerRegistration> registrations,
    ResourceDiscovery discovery,
    IInformerCache cache,
    ILeadership leadership,
    IOptions<OperatorOptions> options,
    ILogger<OperatorService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDiscoveryBackoff = TimeSpan.FromSeconds(30);

    /// <summary>How often discovery is asked again after a CRD changed, until it agrees with the CRD (about a minute in all).</summary>
    private const int AgreementAttempts = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var declared = registrations.ToList();
            var kinds = declared.SelectMany(registration => registration.Kinds).ToList();
            var controllers = await BuildAsync(declared, kinds, stoppingToken);
            var informers = cache.RunAsync(stoppingToken);
            var rediscovery = RediscoverAsync(declared, [.. kinds.Where(kind => kind.Optional)], stoppingToken);
            await leadership.RunAsync(
                leading => Task.WhenAll(controllers.Select(controller => controller.RunWorkersAsync(leading, stoppingToken))),
                stoppingToken);
            await Task.WhenAll(informers, rediscovery);
            foreach (var controller in controllers.OfType<IDisposable>())
            {
                controller.Dispose();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown before start-up completed.
        }
    }

    /// <summary>Builds the controllers once discovery has answered and every required kind is served.</summary>
    private async Task<List<IController>> BuildAsync(List<IControllerRegistration> declared, List<OwnedKind> kinds, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var served = await discovery.DiscoverAsync(kinds, stoppingToken);
                LogDiscovered(served);
                return [.. declared.Select(registration => registration.Build(services, served))];
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogDiscoveryFailed(e, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxDiscoveryBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// Discovery of the optional kinds only (one request for the group list, and one per optional group-version listed),
    /// each time a CRD that brings one changes; or on a timer where the operator may not read CRDs.
    /// </summary>
    private Task RediscoverAsync(List<IControllerRegistration> declared, List<OwnedKind> optional, CancellationToken stoppingToken) =>
        optional.Count == 0
            ? Task.CompletedTask
            : options.Value.OptionalKindsDiscovery is OptionalKindsDiscovery.Poll
                ? PollAsync(declared, optional, stoppingToken)
                : OnCrdChangesAsync(declared, optional, stoppingToken);

    /// <summary>
    /// Rediscovers when a watched CRD changes. Its API is listed by discovery a moment after the CRD is Established (and
    /// unlisted a moment after it is deleted), so discovery is asked again with backoff until it agrees with the CRD.
    /// </summary>
    private async Task OnCrdChangesAsync(List<IControllerRegistration> declared, List<OwnedKind> optional, CancellationToken stoppingToken)
    {
        using var signal = new CustomResourceDefinitionSignal(cache, optional);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(stoppingToken);
                var delay = TimeSpan.FromMilliseconds(250);
                for (var attempt = 0; attempt < AgreementAttempts; attempt++)
                {
                    if (await TryRediscoverAsync(declared, optional, stoppingToken) is { } served && signal.Agrees(served))
                    {
                        break;
                    }

                    await Task.Delay(delay, stoppingToken);
                    delay *= 2;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task<ResourceCatalog?> TryRediscoverAsync(List<IControllerRegistration> declared, List<OwnedKind> optional, CancellationToken stoppingToken)
    {
        try
        {
            var served = await discovery.DiscoverAsync(optional, stoppingToken);
            declared.ForEach(registration => registration.Refresh(served));
            return served;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRediscoveryFailed(e);
            return null;
        }
    }

    /// <summary>Periodic discovery, for an install that cannot watch CRDs (no cluster-wide read).</summary>
    private async Task PollAsync(List<IControllerRegistration> declared, List<OwnedKind> optional, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DiscoveryInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryRediscoverAsync(declared, optional, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API discovery found {Served}")]
    private partial void LogDiscovered(ResourceCatalog served);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API discovery failed; retrying in {Backoff}")]
    private partial void LogDiscoveryFailed(Exception exception, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API discovery of the optional kinds failed; trying again later")]
    private partial void LogRediscoveryFailed(Exception exception);
}
