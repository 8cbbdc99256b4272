using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// Which apps the observer follows: those the reconcile tracked, while they exist in Sentinel mode and this process still
/// reconciles them. Their Sentinels' names do not resolve here, as in the control-plane tests: no answer.
/// </summary>
public sealed class SentinelObserverTests : IAsyncDisposable
{
    private static readonly TimeSpan Resync = TimeSpan.FromMinutes(10);

    /// <summary>The cache holds the TodoApps too, as the operator's does (the controller's own informer).</summary>
    private readonly ReconcilerHarness harness = new(new ResourceCatalog([.. TestClusters.Current.Types, ResourceType.Of<TodoApp>()]));
    private readonly SentinelAsker asker = new();
    private readonly SentinelObserver observer;
    private readonly TodoApp app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

    public SentinelObserverTests() => observer = new SentinelObserver(
        harness.Sentinels, harness.Cache, new ReconcileRequests<TodoApp>(), harness.Time, Options.Create(new OperatorOptions { ResyncPeriod = Resync }),
        NullLogger<SentinelObserver>.Instance);

    [Fact]
    public async Task Sentinels_that_cannot_be_reached_are_recorded_as_no_answer_since_the_first_poll()
    {
        await harness.ReconcileAsync(app);

        await observer.PollAsync(asker, TestContext.Current.CancellationToken);

        Assert.Equal(new SentinelObservation(null, harness.Time.GetUtcNow().UtcDateTime), harness.Sentinels.Latest(app));
    }

    [Fact]
    public async Task An_app_deleted_is_no_longer_followed()
    {
        await harness.ReconcileAsync(app);

        await harness.Server.DeleteAsync(ResourceType.Of<TodoApp>(), TestApps.Namespace, TestApps.Name, TestContext.Current.CancellationToken);
        await observer.PollAsync(asker, TestContext.Current.CancellationToken);

        Assert.Empty(harness.Sentinels.Tracked());
    }

    /// <summary>The reconcile forgets it too; the observer does without it, for an app edited while another process leads.</summary>
    [Fact]
    public async Task An_app_that_left_sentinel_mode_is_no_longer_followed()
    {
        await harness.ReconcileAsync(app);

        var standalone = TestApps.Create();
        harness.Server.Seed(standalone);
        await observer.PollAsync(asker, TestContext.Current.CancellationToken);

        Assert.Empty(harness.Sentinels.Tracked());
    }

    /// <summary>Every app is reconciled at least once a resync period while this process leads; after two without, it does not.</summary>
    [Fact]
    public async Task Apps_no_reconcile_tracked_for_two_resync_periods_are_no_longer_followed()
    {
        await harness.ReconcileAsync(app);
        harness.Time.Advance(Resync);
        await observer.PollAsync(asker, TestContext.Current.CancellationToken);
        Assert.NotEmpty(harness.Sentinels.Tracked());

        harness.Time.Advance(Resync + TimeSpan.FromSeconds(1));
        await observer.PollAsync(asker, TestContext.Current.CancellationToken);

        Assert.Empty(harness.Sentinels.Tracked());
    }

    public async ValueTask DisposeAsync()
    {
        await asker.DisposeAsync();
        observer.Dispose();
    }
}
