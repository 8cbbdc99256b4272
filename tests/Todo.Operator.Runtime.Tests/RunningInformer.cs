using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

/// <summary>An informer of ConfigMaps running on a scripted source, with fast reconnects, until disposed.</summary>
internal sealed class RunningInformer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task run;

    public RunningInformer(FakeListWatchSource source, string ns, TimeProvider? time = null)
    {
        Informer = new Informer<V1ConfigMap>(
            new InformerScope(new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps"), ns),
            source,
            Timings.Fast,
            time ?? TimeProvider.System,
            NullLogger<Informer<V1ConfigMap>>.Instance);
        run = Informer.RunAsync(stop.Token);
    }

    public Informer<V1ConfigMap> Informer { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
    }
}
