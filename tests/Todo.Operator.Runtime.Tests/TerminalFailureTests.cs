using System.Diagnostics;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Observability;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// A failure that retrying will not fix soon (the API server refused a write for good) is retried after a slow fixed delay,
/// or at once when the object changes, never on the 5 ms..1000 s backoff, and counted as controller-runtime counts it.
/// </summary>
public sealed class TerminalFailureTests
{
    [Fact]
    public async Task A_terminal_failure_is_retried_after_the_terminal_delay_not_on_the_backoff()
    {
        var retryDelay = TimeSpan.FromMilliseconds(1500);
        const string controller = "terminal-delay";
        await using var harness = new ControllerHarness(primary => primary.EnqueueList("1"), TimeSpan.FromHours(1), terminalErrorRetryDelay: retryDelay, name: controller);
        var (terminal, errors, errorResults) = Counts(controller);
        harness.Log.TerminalFailuresLeft = 1;
        harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));

        await harness.WhileWorkersRunAsync(async () =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            await Eventually.UntilAsync("the first reconcile ran", () => harness.Log.Reconciled.Count == 1, cancellation);
            var sinceFailure = Stopwatch.StartNew();

            // The backoff (5 ms, then 10 ms... up to 50 ms here) would have retried many times by now.
            await Task.Delay(retryDelay / 3, cancellation);
            Assert.Single(harness.Log.Reconciled);
            Assert.Equal(0, harness.Controller.Queue.NumRequeues("team-a/shop"));

            await Eventually.UntilAsync("the terminal failure was retried", () => harness.Log.Reconciled.Count == 2, cancellation);
            Assert.True(sinceFailure.Elapsed > retryDelay * 0.75, $"retried {sinceFailure.Elapsed.TotalMilliseconds} ms after the failure, with a {retryDelay.TotalMilliseconds} ms terminal delay");
        });

        Assert.Equal((terminal + 1, errors + 1, errorResults + 1), Counts(controller));
    }

    [Fact]
    public async Task A_change_of_the_object_retries_a_terminal_failure_at_once()
    {
        await using var harness = new ControllerHarness(primary => primary.EnqueueList("1"), TimeSpan.FromHours(1), name: "terminal-change");
        harness.Log.TerminalFailuresLeft = 1;
        harness.PrimarySource.Send(WatchEventType.Added, ConfigMap("shop", "2"));

        await harness.WhileWorkersRunAsync(async () =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            await Eventually.UntilAsync("the first reconcile ran", () => harness.Log.Reconciled.Count == 1, cancellation);

            var fixedByUser = ConfigMap("shop", "3");
            fixedByUser.Metadata.Labels = new Dictionary<string, string> { ["fixed"] = "true" };
            harness.PrimarySource.Send(WatchEventType.Modified, fixedByUser);

            // The terminal delay is an hour: only the change can have woken it.
            await Eventually.UntilAsync("the change was reconciled", () => harness.Log.Reconciled.Count >= 2, cancellation);
        });
    }

    [Fact]
    public void A_terminal_failure_is_a_failure_that_says_so()
    {
        var error = new InvalidOperationException("422");

        var terminal = ReconciliationResult.TerminalFailure(error);
        var transient = ReconciliationResult.Failure(error);

        Assert.Equal((false, true, error), (terminal.IsSuccess, terminal.IsTerminal, terminal.Error));
        Assert.Equal((false, false), (transient.IsSuccess, transient.IsTerminal));
        Assert.False(ReconciliationResult.Success().IsTerminal);
    }

    private static (double Terminal, double Errors, double ErrorResults) Counts(string controller) => (
        RuntimeMetrics.TerminalReconcileErrors.WithLabels(controller).Value,
        RuntimeMetrics.ReconcileErrors.WithLabels(controller).Value,
        RuntimeMetrics.ReconcileTotal.WithLabels(controller, "error").Value);
}
