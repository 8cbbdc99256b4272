using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>
/// Electors on a Lease of the real API server: one of two leads and the other takes over when it stops; a loop that stops
/// campaigning (its last term's work never ends) is reported stuck, for the health checks.
/// </summary>
public sealed class LeaderElectionIntegrationTests(ControlPlaneFixture fixture) : RuntimeTest(fixture, "runtime-leader")
{
    [Fact]
    public async Task One_of_two_leads_and_the_other_takes_over_when_it_stops()
    {
        var first = Elector("first");
        var second = Elector("second");
        var firstWork = new WorkLog();
        var secondWork = new WorkLog();
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();

        var firstRun = first.RunAsync(firstWork.RunAsync, stopFirst.Token);
        await Eventually.UntilAsync("the first elector leads", _ => Task.FromResult(first.IsLeader && firstWork.Running), Cancellation);
        var secondRun = second.RunAsync(secondWork.RunAsync, stopSecond.Token);
        var held = await Eventually.GetAsync("the lease names the first elector", async token =>
        {
            var lease = await ReadLeaseAsync(token);
            return lease.Spec.HolderIdentity == first.Identity ? lease : null;
        }, Cancellation);
        Assert.False(second.IsLeader);
        Assert.False(secondWork.Running);

        await stopFirst.CancelAsync();
        await firstRun.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.False(firstWork.Running);
        await Eventually.UntilAsync("the second elector took over", _ => Task.FromResult(second.IsLeader && secondWork.Running), Cancellation);
        var taken = await ReadLeaseAsync(Cancellation);
        Assert.Equal(second.Identity, taken.Spec.HolderIdentity);
        Assert.Equal(held.Spec.LeaseTransitions + 1, taken.Spec.LeaseTransitions);
        Assert.True(taken.Spec.AcquireTime > held.Spec.AcquireTime, $"acquired at {taken.Spec.AcquireTime:O}, the first at {held.Spec.AcquireTime:O}");

        await stopSecond.CancelAsync();
        await secondRun.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
    }

    [Fact]
    public async Task A_loop_whose_work_ignores_the_lost_lead_is_reported_stuck_until_the_work_ends()
    {
        var elector = Elector("stubborn");
        using var release = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        var leading = new TaskCompletionSource();
        var run = elector.RunAsync(
            async _ =>
            {
                leading.TrySetResult();
                // Work that does not honour its term's token (a reconcile stuck in a call without one).
                await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            },
            stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.Null(elector.StuckReason(DateTimeOffset.UtcNow));

        // Someone else holds the Lease now: the elector loses the lead, and its work goes on regardless.
        await Kubernetes.CoordinationV1.PatchNamespacedLeaseAsync(
            TestJson.Patch(new { spec = new { holderIdentity = "thief", leaseDurationSeconds = 3600, renewTime = DateTime.UtcNow } }, V1Patch.PatchType.MergePatch),
            "todo-operator-test",
            Namespace,
            cancellationToken: Cancellation);
        await Eventually.UntilAsync("the elector lost the lead", _ => Task.FromResult(!elector.IsLeader), Cancellation);
        var stuck = await Eventually.GetAsync("the elector reports that it is stuck", _ => Task.FromResult(elector.StuckReason(DateTimeOffset.UtcNow)), Cancellation);
        Assert.Contains($"Lease {Namespace}/todo-operator-test", stuck, StringComparison.Ordinal);

        await release.CancelAsync();
        await Eventually.UntilAsync("the elector campaigns again", _ => Task.FromResult(elector.StuckReason(DateTimeOffset.UtcNow) is null), Cancellation);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
    }

    private Task<V1Lease> ReadLeaseAsync(CancellationToken cancellationToken) =>
        Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("todo-operator-test", Namespace, cancellationToken: cancellationToken);

    private LeaseLeadership Elector(string name) =>
        new(
            Client,
            new LeaseSettings(Namespace, "todo-operator-test", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500), $"{name}-elector"),
            TimeProvider.System,
            NullLogger<LeaseLeadership>.Instance);

    private sealed class WorkLog
    {
        private volatile bool running;

        public bool Running => running;

        public async Task RunAsync(CancellationToken leading)
        {
            running = true;
            try
            {
                await Task.Delay(Timeout.Infinite, leading);
            }
            catch (OperationCanceledException)
            {
                // Leadership ended.
            }
            finally
            {
                running = false;
            }
        }
    }
}
