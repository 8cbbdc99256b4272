using k8s;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// Samples, every quarter second until disposed, how many ready endpoints a Service has: the pods that would take
/// new requests. <see cref="Fewest"/> is the lowest count seen.
/// </summary>
internal sealed class ReadyEndpoints : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource stopping = new();
    private readonly Task sampling;
    private int fewest = int.MaxValue;

    private ReadyEndpoints(IKubernetes client, string service, string ns) => sampling = SampleAsync(client, service, ns);

    public int Fewest => fewest;

    public static ReadyEndpoints Sample(IKubernetes client, string service, string ns) => new(client, service, ns);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await sampling;
        stopping.Dispose();
    }

    private async Task SampleAsync(IKubernetes client, string service, string ns)
    {
        while (!stopping.IsCancellationRequested)
        {
            var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync(service, ns, cancellationToken: CancellationToken.None);
            var ready = endpoints.Subsets?.Sum(subset => subset.Addresses?.Count ?? 0) ?? 0;
            fewest = Math.Min(fewest, ready);
            try
            {
                await Task.Delay(Interval, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
