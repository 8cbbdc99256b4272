using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Tests.LeaderElection;

/// <summary>
/// A leader whose API server stops answering stops its work before anyone could count its lease expired; one that sees
/// another holder stops at once and never writes over it; one that shuts down gives the Lease up for a successor to take
/// at once.
/// </summary>
public sealed class LeaseLeadershipTests : IDisposable
{
    private static readonly LeaseSettings Settings =
        new("team-a", "todo-operator-leader", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), "operator-a_1d2e");

    private readonly InMemoryLeaseApi api = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_its_work_within_the_renew_deadline()
    {
        var leadership = new LeaseLeadership(api.Client(), Settings, TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
        var leading = new TaskCompletionSource();
        var stopped = new TaskCompletionSource<DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var run = leadership.RunAsync(
            async term =>
            {
                leading.TrySetResult();
                await Task.Delay(Timeout.Infinite, term).ContinueWith(_ => stopped.TrySetResult(DateTimeOffset.UtcNow), TaskScheduler.Default);
            },
            stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        var silentSince = DateTimeOffset.UtcNow;
        api.Hang();
        var workStopped = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        // Its last renewal was sent before the API went silent, so it stops by then + RenewDeadline; another elector that
        // saw that renewal counts the lease expired a LeaseDuration later at the earliest.
        Assert.True(workStopped - silentSince < Settings.LeaseDuration, $"the work stopped {(workStopped - silentSince).TotalSeconds:0.00} s after the API went silent");
        Assert.False(leadership.IsLeader);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
    }

    [Fact]
    public async Task A_leader_that_sees_another_holder_stops_its_work_and_leaves_the_lease_to_it()
    {
        var leadership = new LeaseLeadership(api.Client(), Settings, TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
        var leading = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var run = leadership.RunAsync(
            async term =>
            {
                leading.TrySetResult();
                await Task.Delay(Timeout.Infinite, term).ContinueWith(_ => stopped.TrySetResult(), TaskScheduler.Default);
            },
            stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        api.GiveTo("operator-b_77aa");
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        // Its renewals, decided before it saw the new holder, are refused: the Lease stays the other's.
        await Task.Delay(Settings.RetryPeriod * 5, Cancellation);
        Assert.False(leadership.IsLeader);
        Assert.Equal("operator-b_77aa", api.Lease?.Spec.HolderIdentity);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal("operator-b_77aa", api.Lease?.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_leader_that_shuts_down_releases_the_lease_keeping_its_transitions()
    {
        var leadership = new LeaseLeadership(api.Client(), Settings, TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
        using var stop = new CancellationTokenSource();
        var run = leadership.RunAsync(term => Task.Delay(Timeout.Infinite, term), stop.Token);
        await Eventually.UntilAsync("it leads", () => leadership.IsLeader, Cancellation);
        Assert.Equal((Settings.Identity, 0, 3), (api.Lease?.Spec.HolderIdentity, api.Lease?.Spec.LeaseTransitions, api.Lease?.Spec.LeaseDurationSeconds));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Equal((string.Empty, 0, 1), (api.Lease?.Spec.HolderIdentity, api.Lease?.Spec.LeaseTransitions, api.Lease?.Spec.LeaseDurationSeconds));
        Assert.False(leadership.IsLeader);
    }

    public void Dispose() => api.Dispose();
}
