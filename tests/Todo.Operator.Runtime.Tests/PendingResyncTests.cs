using System.Diagnostics;
using Todo.Operator.Runtime.Client;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// A child event while the owner's resync is pending reconciles the owner once, and the resync then follows its reconcile: the
/// resync timer it superseded does not fire as well (each such event used to add a resync chain that never ended).
/// </summary>
public sealed class PendingResyncTests : IAsyncDisposable
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ChildDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ChildEventAfter = TimeSpan.FromSeconds(1);

    private readonly ControllerHarness harness = new(primary => primary.EnqueueList("1"), Resync, ChildDelay);

    [Fact]
    public async Task A_child_event_during_a_pending_resync_leaves_one_resync_not_two()
    {
        harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await harness.WhileWorkersRunAsync(async () =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            await Eventually.UntilAsync("the first reconcile ran", () => harness.Log.Reconciled.Count == 1, cancellation);
            var sinceFirst = Stopwatch.StartNew();
            await Task.Delay(ChildEventAfter, cancellation);

            harness.ChildSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-api", "3")));
            await Eventually.UntilAsync("the child event reconciled the owner", () => harness.Log.Reconciled.Count == 2, cancellation);

            // Halfway between the superseded resync (a period after the first reconcile) and the real one (a period after the
            // child event's reconcile): only a leftover timer can have reconciled it by now.
            var midway = Resync + ((ChildEventAfter + ChildDelay) / 2);
            await Task.Delay(midway - sinceFirst.Elapsed, cancellation);
            Assert.Equal(2, harness.Log.Reconciled.Count);

            await Eventually.UntilAsync("the resync after the child event's reconcile ran", () => harness.Log.Reconciled.Count == 3, cancellation);
        });
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();
}
