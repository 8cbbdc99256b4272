using Todo.Operator.Children;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Discovery;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// The operator's lifecycle: discover API versions (retrying until the API server answers), build the
/// controllers, warm every informer, and run the controllers' workers only while this instance leads.
/// </summary>
internal sealed partial class OperatorService(
    IServiceProvider services,
    IEnumerable<IControllerRegistration> registrations,
    ApiDiscovery discovery,
    ClusterCapabilitiesProvider capabilities,
    IInformerCache cache,
    ILeadership leadership,
    ILogger<OperatorService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDiscoveryBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var found = await DiscoverAsync(stoppingToken);
            var controllers = registrations.Select(registration => registration.Build(services, found)).ToList();

            // Published only now, so readiness cannot see an informer-less cache as synced.
            capabilities.Set(found);
            var informers = cache.RunAsync(stoppingToken);
            await leadership.RunAsync(
                leading => Task.WhenAll(controllers.Select(controller => controller.RunWorkersAsync(leading, stoppingToken))),
                stoppingToken);
            await informers;
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

    private async Task<ClusterCapabilities> DiscoverAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var found = await discovery.DiscoverAsync(stoppingToken);
                LogDiscovered(found.AutoscalingVersion, found.PolicyVersion);
                return found;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogDiscoveryFailed(e, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxDiscoveryBackoff.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API discovery: autoscaling/{Autoscaling}, policy/{Policy}")]
    private partial void LogDiscovered(string autoscaling, string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API discovery failed; retrying in {Backoff}")]
    private partial void LogDiscoveryFailed(Exception exception, TimeSpan backoff);
}
