using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>Two electors on one Lease of the real API server: one leads; when it stops, the other takes over.</summary>
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
        await Eventually.UntilAsync("the lease names the first elector", async token =>
        {
            var lease = await Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("todo-operator-test", Namespace, cancellationToken: token);
            return lease.Spec.HolderIdentity == first.Identity;
        }, Cancellation);
        Assert.False(second.IsLeader);
        Assert.False(secondWork.Running);

        await stopFirst.CancelAsync();
        await firstRun.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.False(firstWork.Running);
        await Eventually.UntilAsync("the second elector took over", _ => Task.FromResult(second.IsLeader && secondWork.Running), Cancellation);

        await stopSecond.CancelAsync();
        await secondRun.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
    }

    private LeaseLeadership Elector(string name) =>
        new(
            Kubernetes,
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
