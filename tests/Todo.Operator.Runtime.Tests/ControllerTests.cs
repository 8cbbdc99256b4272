using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Controllers;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

public sealed class ControllerTests : IAsyncDisposable
{
    private readonly ControllerHarness harness = new(primary => primary.EnqueueList("1"), TimeSpan.FromHours(1));

    private FakeListWatchSource PrimarySource => harness.PrimarySource;

    private FakeListWatchSource ChildSource => harness.ChildSource;

    private ReconcileLog Log => harness.Log;

    private Controller<V1ConfigMap> Controller => harness.Controller;

    [Fact]
    public async Task Nothing_is_reconciled_until_the_workers_run_then_queued_keys_are()
    {
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await Eventually.UntilAsync("the add was queued", () => Controller.Queue.Count == 1, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(Log.Reconciled);

        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("shop was reconciled", () => Log.Reconciled.Contains("shop"), TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task A_child_event_reconciles_its_controlling_owner_never_the_child()
    {
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            ChildSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-redis", "3")));
            ChildSource.Send(WatchEventType.Added, ConfigMap("stranger", "4"));
            await Eventually.UntilAsync("the owner was reconciled again", () => Log.Reconciled.Count == 2, TestContext.Current.CancellationToken);

            Assert.Equal(["shop", "shop"], Log.Reconciled);
        });
    }

    [Fact]
    public async Task A_referenced_object_event_reconciles_the_primaries_of_its_namespace_that_refer_to_it()
    {
        PrimarySource.Send(WatchEventType.Added, Referring("shop", "2", secret: "vault"));
        PrimarySource.Send(WatchEventType.Added, Referring("other", "3", secret: "elsewhere"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconciles ran", () => Log.Reconciled.Count == 2, TestContext.Current.CancellationToken);

            harness.ReferencedSource.Send(WatchEventType.Modified, ConfigMap("vault", "4"));
            var elsewhere = ConfigMap("elsewhere", "5");
            elsewhere.Metadata.NamespaceProperty = "team-b";
            harness.ReferencedSource.Send(WatchEventType.Added, elsewhere);
            await Eventually.UntilAsync("the referring primary was reconciled again", () => Log.Reconciled.Count == 3, TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);

            Assert.Equal((2, 1), (Log.Reconciled.Count(name => name == "shop"), Log.Reconciled.Count(name => name == "other")));
        });
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_until_they_succeed()
    {
        Log.FailuresLeft = 3;
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("three failures and one success", () => Log.Reconciled.Count == 4, TestContext.Current.CancellationToken);

            await Eventually.UntilAsync("the success reset the backoff", () => Controller.Queue.NumRequeues("team-a/shop") == 0, TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task Losing_leadership_cancels_in_flight_reconciles_at_once()
    {
        Log.BlockUntilCancelled = true;
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();
        var workers = Controller.RunWorkersAsync(leading.Token, CancellationToken.None);
        await Eventually.UntilAsync("the reconcile started", () => Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

        await leading.CancelAsync();

        // Far less than the 5 s shutdown grace period: the successor may already be writing.
        await workers.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(1, Log.Cancelled);
    }

    [Fact]
    public async Task On_shutdown_in_flight_reconciles_may_finish_within_the_grace_period()
    {
        Log.BlockUntilCancelled = true;
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();
        using var shutdown = new CancellationTokenSource();
        var workers = Controller.RunWorkersAsync(leading.Token, shutdown.Token);
        await Eventually.UntilAsync("the reconcile started", () => Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

        await shutdown.CancelAsync();
        await leading.CancelAsync();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(0, Log.Cancelled);

        await workers.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1, Log.Cancelled);
    }

    [Fact]
    public async Task An_owned_informer_added_later_reconciles_every_object_once_synced_and_then_maps_its_events()
    {
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        var lateSource = new FakeListWatchSource();
        lateSource.EnqueueList("1");
        var late = ControllerHarness.NewInformer(lateSource);
        var lateRun = Task.CompletedTask;
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            Controller.Watch(late);
            lateRun = late.RunAsync(harness.InformersRunning);
            await Eventually.UntilAsync("everything was reconciled once the late informer synced", () => Log.Reconciled.Count == 2, TestContext.Current.CancellationToken);
            lateSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-monitor", "3")));
            await Eventually.UntilAsync("the late informer's event reconciled the owner", () => Log.Reconciled.Count == 3, TestContext.Current.CancellationToken);

            Assert.Equal(["shop", "shop", "shop"], Log.Reconciled);
        });
        await harness.StopInformersAsync();
        await lateRun;
    }

    [Fact]
    public async Task An_owned_informer_added_later_that_never_syncs_holds_no_reconcile_back()
    {
        Controller.Watch(ControllerHarness.NewInformer(new FakeListWatchSource()));
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        using var leading = new CancellationTokenSource();

        var workers = Controller.RunWorkersAsync(leading.Token, CancellationToken.None);

        await Eventually.UntilAsync("shop was reconciled", () => Log.Reconciled.Contains("shop"), TestContext.Current.CancellationToken);
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_request_from_outside_the_cluster_reconciles_the_object_it_names()
    {
        var requests = new ReconcileRequests<V1ConfigMap>();
        requests.Connect(Controller.Queue);
        PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            requests.Enqueue("team-a", "shop");
            await Eventually.UntilAsync("the request reconciled shop again", () => Log.Reconciled.Count == 2, TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task A_key_whose_object_is_gone_is_dropped_without_reconciling()
    {
        Controller.Queue.Add("team-a/deleted");

        await Controller.ProcessAsync("team-a/deleted", TestContext.Current.CancellationToken);

        Assert.Empty(Log.Reconciled);
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    private Task WhileWorkersRunAsync(Func<Task> body) => harness.WhileWorkersRunAsync(body);

    private static V1ConfigMap Referring(string name, string resourceVersion, string secret)
    {
        var primary = ConfigMap(name, resourceVersion);
        primary.Data = new Dictionary<string, string> { ["secret"] = secret };
        return primary;
    }
}
