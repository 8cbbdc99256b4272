using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Fakes;

/// <summary>A <see cref="TodoAppReconciler"/> wired to the in-memory API server, cache and event recorder.</summary>
internal sealed class ReconcilerHarness
{
    /// <param name="synced">The kinds the cache holds; by default those of a current cluster.</param>
    /// <param name="childEventDelay">
    /// Operator:ChildEventDelay; zero by default, so that a new app's first reconcile reports at once (the tests look at
    /// its status), as the operator does with that setting.
    /// </param>
    /// <param name="members">The workflow's members; by default the operator's own.</param>
    public ReconcilerHarness(ResourceCatalog? synced = null, TimeSpan childEventDelay = default, IReadOnlyList<IAppMember>? members = null)
    {
        Cache = new FakeInformerCache(Server, synced ?? TestClusters.Current);
        Services = new ServiceCollection().AddSingleton<IResourceClient>(Server).AddSingleton<TimeProvider>(Time).AddTodoAppWorkflow().BuildServiceProvider();
        Reconciler = new TodoAppReconciler(
            Server,
            Cache,
            members is null ? Services.GetRequiredService<Workflow<IAppMember>>() : new Workflow<IAppMember>(members),
            Events,
            Time,
            Options.Create(new OperatorOptions { ChildEventDelay = childEventDelay }),
            Services,
            Sentinels,
            Services.GetRequiredService<PendingStatusWrites>(),
            NullLogger<TodoAppReconciler>.Instance);
    }

    public FakeResourceClient Server { get; } = new();

    /// <summary>What the Sentinels of Sentinel-mode apps answered, as the observer would record it.</summary>
    public SentinelObservations Sentinels => Services.GetRequiredService<SentinelObservations>();

    public FakeInformerCache Cache { get; }

    /// <summary>What the operator registers for the workflow: the workflow itself and its steps' process-wide state.</summary>
    public IServiceProvider Services { get; }

    public FakeEventRecorder Events { get; } = new();

    public ManualTime Time { get; } = new();

    public TodoAppReconciler Reconciler { get; }

    /// <summary>
    /// Reconciles <paramref name="app"/>, which the API server holds as it is given; a status written and the finalizers
    /// as the reconcile left them are stored on it, as the informer would deliver them.
    /// </summary>
    public async Task<ReconciliationResult> ReconcileAsync(TodoApp app)
    {
        var patches = Server.StatusPatches.Count;
        Server.Seed(ObjectCopy.Deep(app));
        var primary = ResourceType.Of<TodoApp>();
        app.Metadata.ResourceVersion = Server.Find(primary, app.Metadata.NamespaceProperty, app.Metadata.Name)!.Metadata.ResourceVersion;
        var result = await Reconciler.ReconcileAsync(ObjectCopy.Deep(app), TestContext.Current.CancellationToken);
        if (Server.StatusPatches.Count > patches)
        {
            app.Status = KubernetesJson.Deserialize<TodoAppStatus>(Server.StatusPatches[^1].GetRawText());
        }

        app.Metadata.Finalizers = Server.Find(primary, app.Metadata.NamespaceProperty, app.Metadata.Name)?.Metadata.Finalizers;
        return result;
    }

    /// <summary>The writes from index <paramref name="from"/> on.</summary>
    public IReadOnlyList<string> WritesSince(int from) => Server.Writes[from..];
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
