using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Queue;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

public sealed class ControllerTests : IAsyncDisposable
{
    private static readonly ResourceType Primary = new(string.Empty, "v1", "ConfigMap", "configmaps");
    private static readonly InformerTimings Fast = new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    private readonly FakeListWatchSource primarySource = new();
    private readonly FakeListWatchSource childSource = new();
    private readonly FakeListWatchSource referencedSource = new();
    private readonly ReconcileLog log = new();
    private readonly CancellationTokenSource informers = new();
    private readonly Controller<V1ConfigMap> controller;
    private readonly ServiceProvider services;
    private readonly Task running;

    public ControllerTests()
    {
        primarySource.EnqueueList("1");
        childSource.EnqueueList("1");
        referencedSource.EnqueueList("1");
        var primary = NewInformer(primarySource);
        var child = NewInformer(childSource);
        var referenced = NewInformer(referencedSource);
        services = new ServiceCollection()
            .AddSingleton(log)
            .AddScoped<IReconciler<V1ConfigMap>, RecordingReconciler>()
            .BuildServiceProvider();
        controller = new Controller<V1ConfigMap>(
            new ControllerSettings("test", Primary, 2, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), Predicates.PrimaryDefault),
            primary,
            [child],
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<Controller<V1ConfigMap>>.Instance,
            new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)),
            referenced: [(referenced, (obj, entity) => entity.Data?.TryGetValue("secret", out var name) is true && name == obj.Metadata.Name)]);
        running = Task.WhenAll(primary.RunAsync(informers.Token), child.RunAsync(informers.Token), referenced.RunAsync(informers.Token));
    }

    [Fact]
    public async Task Nothing_is_reconciled_until_the_workers_run_then_queued_keys_are()
    {
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await Eventually.UntilAsync("the add was queued", () => controller.Queue.Count == 1, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(log.Reconciled);

        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("shop was reconciled", () => log.Reconciled.Contains("shop"), TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task A_child_event_reconciles_its_controlling_owner_never_the_child()
    {
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            childSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-redis", "3")));
            childSource.Send(WatchEventType.Added, ConfigMap("stranger", "4"));
            await Eventually.UntilAsync("the owner was reconciled again", () => log.Reconciled.Count == 2, TestContext.Current.CancellationToken);

            Assert.Equal(["shop", "shop"], log.Reconciled);
        });
    }

    [Fact]
    public async Task A_referenced_object_event_reconciles_the_primaries_of_its_namespace_that_refer_to_it()
    {
        primarySource.Send(WatchEventType.Added, Referring("shop", "2", secret: "vault"));
        primarySource.Send(WatchEventType.Added, Referring("other", "3", secret: "elsewhere"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconciles ran", () => log.Reconciled.Count == 2, TestContext.Current.CancellationToken);

            referencedSource.Send(WatchEventType.Modified, ConfigMap("vault", "4"));
            var elsewhere = ConfigMap("elsewhere", "5");
            elsewhere.Metadata.NamespaceProperty = "team-b";
            referencedSource.Send(WatchEventType.Added, elsewhere);
            await Eventually.UntilAsync("the referring primary was reconciled again", () => log.Reconciled.Count == 3, TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);

            Assert.Equal((2, 1), (log.Reconciled.Count(name => name == "shop"), log.Reconciled.Count(name => name == "other")));
        });
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_until_they_succeed()
    {
        log.FailuresLeft = 3;
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("three failures and one success", () => log.Reconciled.Count == 4, TestContext.Current.CancellationToken);

            await Eventually.UntilAsync("the success reset the backoff", () => controller.Queue.NumRequeues("team-a/shop") == 0, TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task Losing_leadership_cancels_in_flight_reconciles_at_once()
    {
        log.BlockUntilCancelled = true;
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();
        var workers = controller.RunWorkersAsync(leading.Token, CancellationToken.None);
        await Eventually.UntilAsync("the reconcile started", () => log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

        await leading.CancelAsync();

        // Far less than the 5 s shutdown grace period: the successor may already be writing.
        await workers.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(1, log.Cancelled);
    }

    [Fact]
    public async Task On_shutdown_in_flight_reconciles_may_finish_within_the_grace_period()
    {
        log.BlockUntilCancelled = true;
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();
        using var shutdown = new CancellationTokenSource();
        var workers = controller.RunWorkersAsync(leading.Token, shutdown.Token);
        await Eventually.UntilAsync("the reconcile started", () => log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

        await shutdown.CancelAsync();
        await leading.CancelAsync();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(0, log.Cancelled);

        await workers.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1, log.Cancelled);
    }

    [Fact]
    public async Task An_owned_informer_added_later_reconciles_every_object_once_synced_and_then_maps_its_events()
    {
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        var lateSource = new FakeListWatchSource();
        lateSource.EnqueueList("1");
        var late = NewInformer(lateSource);
        var lateRun = Task.CompletedTask;
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            controller.Watch(late);
            lateRun = late.RunAsync(informers.Token);
            await Eventually.UntilAsync("everything was reconciled once the late informer synced", () => log.Reconciled.Count == 2, TestContext.Current.CancellationToken);
            lateSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-monitor", "3")));
            await Eventually.UntilAsync("the late informer's event reconciled the owner", () => log.Reconciled.Count == 3, TestContext.Current.CancellationToken);

            Assert.Equal(["shop", "shop", "shop"], log.Reconciled);
        });
        await informers.CancelAsync();
        await lateRun;
    }

    [Fact]
    public async Task An_owned_informer_added_later_that_never_syncs_holds_no_reconcile_back()
    {
        controller.Watch(NewInformer(new FakeListWatchSource()));
        primarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();

        var workers = controller.RunWorkersAsync(leading.Token, CancellationToken.None);

        await Eventually.UntilAsync("shop was reconciled", () => log.Reconciled.Contains("shop"), TestContext.Current.CancellationToken);
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_key_whose_object_is_gone_is_dropped_without_reconciling()
    {
        controller.Queue.Add("team-a/deleted");

        await controller.ProcessAsync("team-a/deleted", TestContext.Current.CancellationToken);

        Assert.Empty(log.Reconciled);
    }

    public async ValueTask DisposeAsync()
    {
        await informers.CancelAsync();
        await running;
        controller.Dispose();
        informers.Dispose();
        await services.DisposeAsync();
    }

    /// <summary>Runs the workers as the leader would while <paramref name="body"/> runs, then stops them.</summary>
    private async Task WhileWorkersRunAsync(Func<Task> body)
    {
        using var leading = new CancellationTokenSource();
        var workers = controller.RunWorkersAsync(leading.Token, CancellationToken.None);
        await body();
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static V1ConfigMap Referring(string name, string resourceVersion, string secret)
    {
        var primary = ConfigMap(name, resourceVersion);
        primary.Data = new Dictionary<string, string> { ["secret"] = secret };
        return primary;
    }

    private static V1ConfigMap OwnedBy(string owner, V1ConfigMap child)
    {
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner, Uid = "uid", Controller = true }];
        return child;
    }

    private static Informer<V1ConfigMap> NewInformer(FakeListWatchSource source) =>
        new(new InformerScope(Primary), source, Fast, NullLogger<Informer<V1ConfigMap>>.Instance);

    internal sealed class ReconcileLog
    {
        private int failuresLeft;

        public ConcurrentQueue<string> Reconciled { get; } = new();

        public int FailuresLeft
        {
            set => failuresLeft = value;
        }

        public bool ShouldFail() => Interlocked.Decrement(ref failuresLeft) >= 0;

        /// <summary>Reconciles wait until their token is cancelled, counting in <see cref="Cancelled"/>.</summary>
        public bool BlockUntilCancelled { get; set; }

        public int Cancelled => cancelled;

        private int cancelled;

        public void RecordCancelled() => Interlocked.Increment(ref cancelled);
    }

    internal sealed class RecordingReconciler(ReconcileLog log) : IReconciler<V1ConfigMap>
    {
        public async Task<ReconciliationResult> ReconcileAsync(V1ConfigMap entity, CancellationToken cancellationToken)
        {
            log.Reconciled.Enqueue(entity.Metadata.Name);
            if (log.BlockUntilCancelled)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    log.RecordCancelled();
                    throw;
                }
            }

            return log.ShouldFail()
                ? ReconciliationResult.Failure(new InvalidOperationException("transient"))
                : ReconciliationResult.Success();
        }
    }
}
