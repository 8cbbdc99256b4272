using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Events;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// A primary object the client cannot decode is never reconciled; the leader reports it once per resourceVersion (a Warning
/// Event and the app's reporter) while every other object is reconciled as usual.
/// </summary>
public sealed class ControllerQuarantineTests : IAsyncDisposable
{
    // Resyncs every 200 ms: the report must survive many of them without being repeated.
    private readonly ControllerHarness harness = new(
        primary => primary.EnqueueList("1", [ConfigMap("healthy", "2")], [Undecodable("poisoned", "3")]), TimeSpan.FromMilliseconds(200));

    private QuarantineReports Reports => harness.Reports;

    [Fact]
    public async Task The_undecodable_object_is_reported_once_per_version_and_never_reconciled_while_the_others_are()
    {
        await harness.WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync(
                "healthy was reconciled and poisoned reported", () => harness.Log.Reconciled.Contains("healthy") && Reports.Reported.Count == 1, TestContext.Current.CancellationToken);
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            Assert.Equal(["poisoned@3"], Reports.Reported);

            harness.PrimarySource.Send(WatchEventType.Modified, Undecodable("poisoned", "4"));
            await Eventually.UntilAsync("the new version was reported", () => Reports.Reported.Count == 2, TestContext.Current.CancellationToken);
            harness.PrimarySource.Send(WatchEventType.Modified, ConfigMap("poisoned", "5"));
            await Eventually.UntilAsync("the decodable version was reconciled", () => harness.Log.Reconciled.Contains("poisoned"), TestContext.Current.CancellationToken);
        });

        Assert.Equal(["poisoned@3", "poisoned@4"], Reports.Reported);
        var warning = Reports.Events.First();
        Assert.Equal((EventType.Warning, Controller<V1ConfigMap>.UndecodableReason), (warning.Type, warning.Reason));
        Assert.Contains("resourceVersion 3", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'1e1.5' is not a quantity", warning.Message, StringComparison.Ordinal);
        Assert.Equal(("poisoned", "uid-poisoned"), (warning.Regarding.Metadata.Name, warning.Regarding.Metadata.Uid));
    }

    [Fact]
    public async Task A_failed_report_is_retried_with_backoff()
    {
        Reports.FailuresLeft = 2;

        await harness.WhileWorkersRunAsync(() =>
            Eventually.UntilAsync("the report went through after two failures", () => Reports.Reported.Count == 1, TestContext.Current.CancellationToken));

        Assert.Equal(3, Reports.Attempts);
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();
}
