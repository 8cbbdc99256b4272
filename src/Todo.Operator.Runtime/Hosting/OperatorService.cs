using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Discovery;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// The operator's lifecycle: discover which owned kinds the cluster serves (retrying until the API server answers),
/// build the controllers, warm every informer, run the controllers' workers only while this instance leads, and
/// look again every <see cref="OperatorOptions.DiscoveryInterval"/> for optional kinds that came or went.
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
    /// Periodic discovery of the optional kinds only: one request for the group list, and one per optional group-version
    /// listed. Chosen over a watch on CustomResourceDefinitions, which would need cluster-wide read access to every CRD.
    /// </summary>
    private async Task RediscoverAsync(List<IControllerRegistration> declared, List<OwnedKind> optional, CancellationToken stoppingToken)
    {
        if (optional.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.DiscoveryInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var served = await discovery.DiscoverAsync(optional, stoppingToken);
                    declared.ForEach(registration => registration.Refresh(served));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRediscoveryFailed(e);
                }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "API discovery of the optional kinds failed; trying again at the next interval")]
    private partial void LogRediscoveryFailed(Exception exception);
}
