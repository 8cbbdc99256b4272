using k8s.Models;
using Todo.Operator.Runtime.Client;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The controllers answer a new child with a burst of writes (a Deployment's status two or three times): its owner is
/// reconciled once after the burst, not once per event, so the status it reports is written once.
/// </summary>
public sealed class ChildEventDelayTests : IAsyncDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);
    private static readonly string[] Versions = ["3", "4", "5"];

    private readonly ControllerHarness harness = new(primary => primary.EnqueueList("1"), TimeSpan.FromHours(1), Delay);

    [Fact]
    public async Task A_burst_of_child_events_reconciles_the_owner_once()
    {
        harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));
        await harness.WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("the initial reconcile ran", () => harness.Log.Reconciled.Count == 1, TestContext.Current.CancellationToken);

            foreach (var version in Versions)
            {
                harness.ChildSource.Send(WatchEventType.Added, OwnedBy("shop", ConfigMap("shop-api", version)));
                await Task.Delay(Delay / 8, TestContext.Current.CancellationToken);
            }

            await Eventually.UntilAsync("the owner was reconciled after the burst", () => harness.Log.Reconciled.Count == 2, TestContext.Current.CancellationToken);
            await Task.Delay(Delay * 2, TestContext.Current.CancellationToken);

            Assert.Equal(["shop", "shop"], harness.Log.Reconciled);
        });
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();
}
