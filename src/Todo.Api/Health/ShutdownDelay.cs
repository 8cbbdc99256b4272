using Microsoft.Extensions.Options;

namespace Todo.Api.Health;

/// <summary>
/// On SIGTERM, keeps the API serving for Api:ShutdownDelaySeconds before the server stops accepting: Kubernetes removes a
/// deleted pod from the Service's endpoints while it is already being stopped, and an ingress controller goes on sending it
/// requests until it learns of that. The image has no shell for a preStop sleep, so the wait is the application's own.
/// </summary>
internal sealed class ShutdownDelay(IOptions<ApiOptions> options) : IHostedLifecycleService
{
    // Every StoppingAsync runs before any StopAsync, the web server's included.
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(options.Value.ShutdownDelaySeconds), cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
