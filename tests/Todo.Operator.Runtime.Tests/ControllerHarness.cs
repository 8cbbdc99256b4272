using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// A controller of ConfigMaps on scripted sources (the primary kind, one owned kind, and one kind primaries refer to by the
/// name in their data's "secret"), with a recording reconciler, event
/// recorder and undecodable-object reporter; its informers run from the start, its workers only inside
/// <see cref="WhileWorkersRunAsync"/>, as while leading.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    public static readonly ResourceType Primary = new(string.Empty, "v1", "ConfigMap", "configmaps");

    private readonly CancellationTokenSource informers = new();
    private readonly ServiceProvider services;
    private readonly Task running;

    /// <param name="seedPrimary">The primary source's lists, enqueued before its informer starts.</param>
    /// <param name="resyncPeriod">How often every primary object is queued again.</param>
    /// <param name="childEventDelay">How long a child's event waits before its owner is reconciled.</param>
    /// <param name="terminalErrorRetryDelay">How long a terminal failure waits before it is retried (an hour unless given).</param>
    /// <param name="name">The controller's name, the label of its metrics: a test that reads them needs one of its own.</param>
    public ControllerHarness(
        Action<FakeListWatchSource> seedPrimary,
        TimeSpan resyncPeriod,
        TimeSpan childEventDelay = default,
        TimeSpan? terminalErrorRetryDelay = null,
        string name = "test")
    {
        seedPrimary(PrimarySource);
        ChildSource.EnqueueList("1");
        ReferencedSource.EnqueueList("1");
        var primary = NewInformer(PrimarySource);
        var child = NewInformer(ChildSource);
        var referenced = NewInformer(ReferencedSource);
        services = new ServiceCollection()
            .AddSingleton(Log)
            .AddSingleton(Reports)
            .AddSingleton<IEventRecorder>(Reports)
            .AddScoped<IReconciler<V1ConfigMap>, RecordingReconciler>()
            .AddScoped<IUndecodableObjectReporter<V1ConfigMap>, RecordingReporter>()
            .BuildServiceProvider();
        Controller = new Controller<V1ConfigMap>(
            new ControllerSettings(name, Primary, 2, resyncPeriod, TimeSpan.FromSeconds(5), Predicates.PrimaryDefault)
            {
                ChildEventDelay = childEventDelay,
                TerminalErrorRetryDelay = terminalErrorRetryDelay ?? TimeSpan.FromHours(1),
            },
            [primary],
            [child],
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<Controller<V1ConfigMap>>.Instance,
            new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)),
            referenced: [(referenced, (obj, entity) => entity.Data?.TryGetValue("secret", out var name) is true && name == obj.Metadata.Name)]);
        running = Task.WhenAll(primary.RunAsync(informers.Token), child.RunAsync(informers.Token), referenced.RunAsync(informers.Token));
    }

    public FakeListWatchSource PrimarySource { get; } = new();

    public FakeListWatchSource ChildSource { get; } = new();

    public FakeListWatchSource ReferencedSource { get; } = new();

    public ReconcileLog Log { get; } = new();

    public QuarantineReports Reports { get; } = new();

    public Controller<V1ConfigMap> Controller { get; }

    /// <summary>Fires when the harness stops its informers; for informers a test adds.</summary>
    public CancellationToken InformersRunning => informers.Token;

    public static Informer<V1ConfigMap> NewInformer(FakeListWatchSource source) =>
        new(new InformerScope(Primary), source, Timings.Fast, TimeProvider.System, NullLogger<Informer<V1ConfigMap>>.Instance);

    /// <summary>Runs the workers as the leader would while <paramref name="body"/> runs, then stops them.</summary>
    public async Task WhileWorkersRunAsync(Func<Task> body)
    {
        using var leading = new CancellationTokenSource();
        var workers = Controller.RunWorkersAsync(leading.Token, CancellationToken.None);
        await body();
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public Task StopInformersAsync() => informers.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await informers.CancelAsync();
        await running;
        Controller.Dispose();
        informers.Dispose();
        await services.DisposeAsync();
    }
}
