using System.Diagnostics;
using Todo.Operator.Runtime.Client;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// Each object is resynced a period after its own reconcile, not all at once on one timer: a burst of every object's
/// resync would queue a real event behind a reconcile of each of them.
/// </summary>
public sealed class ResyncTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(800);

    private readonly ControllerHarness harness = new(primary => primary.EnqueueList("1"), Period);

    [Fact]
    public async Task An_object_reconciled_later_is_resynced_a_period_after_its_own_reconcile()
    {
        harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("early", "2"));
        await harness.WhileWorkersRunAsync(async () =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            await Eventually.UntilAsync("early was reconciled", () => harness.Log.Reconciled.Count == 1, cancellation);
            await Task.Delay(Period / 2, cancellation);

            harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("late", "3"));
            await Eventually.UntilAsync("late was reconciled", () => harness.Log.Reconciled.Count(name => name == "late") == 1, cancellation);
            var sinceLate = Stopwatch.StartNew();
            await Eventually.UntilAsync("late was resynced", () => harness.Log.Reconciled.Count(name => name == "late") == 2, cancellation);

            Assert.True(sinceLate.Elapsed > Period * 0.75, $"late was resynced {sinceLate.Elapsed.TotalMilliseconds} ms after its reconcile, with a {Period.TotalMilliseconds} ms period");
        });
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();
}
