using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Fakes;

/// <summary>A <see cref="TodoAppReconciler"/> wired to the in-memory API server, cache and event recorder.</summary>
internal sealed class ReconcilerHarness
{
    /// <param name="synced">The kinds the cache holds; by default those of a current cluster.</param>
    /// <param name="childEventDelay">
    /// Operator:ChildEventDelay; zero by default, so that a new app's first reconcile reports at once (the tests look at
    /// its status), as the operator does with that setting.
    /// </param>
    public ReconcilerHarness(ResourceCatalog? synced = null, TimeSpan childEventDelay = default)
    {
        Cache = new FakeInformerCache(Server, synced ?? TestClusters.Current);
        Reconciler = new TodoAppReconciler(
            Server,
            Cache,
            new RedisPasswordResolver(Server, Cache, new GeneratedPasswords()),
            new RedisDataLifecycle(Server, Cache, Events),
            new ClusterFeatures(Server),
            Events,
            Time,
            Options.Create(new OperatorOptions { ChildEventDelay = childEventDelay }),
            NullLogger<TodoAppReconciler>.Instance);
    }

    public FakeResourceClient Server { get; } = new();

    public FakeInformerCache Cache { get; }

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
