using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Observability;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// Campaigns for a coordination.k8s.io/v1 Lease with a <see cref="LeaseElector"/>, in a loop that never gives up: after a
/// lost lead it waits one retry period and campaigns again. On shutdown it releases the lease (empty holder), so a
/// successor takes over without waiting for expiry. Every attempt to read, create or renew the Lease is noted: a loop that
/// stops attempting (say, waiting forever for workers that ignore their cancellation after a lost lead) is reported stuck,
/// so the health checks can have the process restarted.
/// </summary>
internal sealed partial class LeaseLeadership(
    IResourceClient client,
    LeaseSettings settings,
    TimeProvider time,
    ILogger<LeaseLeadership> logger) : ILeadership
{
    private volatile bool isLeader;

    /// <summary>When the loop last attempted anything on the Lease; 0 while it does not run.</summary>
    private long lastAttemptTicks;

    public bool IsLeader => isLeader;

    public string Identity { get; } = settings.Identity ?? LeaderIdentity.Create();

    /// <summary>
    /// A running loop attempts every RetryPeriod (a candidate: up to 2.2 times that, jittered), each attempt taking at most
    /// RenewDeadline, and between two terms waits one RetryPeriod: with the defaults, at most 14.4 s without an attempt, where
    /// twice the lease duration is 30 s.
    /// </summary>
    public TimeSpan StuckAfter => settings.LeaseDuration * 2;

    public string? StuckReason(DateTimeOffset now)
    {
        var ticks = Interlocked.Read(ref lastAttemptTicks);
        var silent = now - new DateTimeOffset(ticks, TimeSpan.Zero);
        return ticks > 0 && silent > StuckAfter
            ? $"leader election has not tried to acquire or renew Lease {settings.Namespace}/{settings.Name} for {silent.TotalSeconds:0} s "
                + $"(at most {StuckAfter.TotalSeconds:0} s when it runs){(isLeader ? "" : "; the workers of its last term may not have stopped")}"
            : null;
    }

    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken stopping)
    {
        var leader = RuntimeMetrics.LeaderStatus.WithLabels(settings.Name);
        leader.Set(0);
        Attempted();
        try
        {
            await CampaignAsync(whileLeading, leader, stopping);
        }
        finally
        {
            Interlocked.Exchange(ref lastAttemptTicks, 0);
        }

        leader.Set(0);
    }

    private void Attempted() => Interlocked.Exchange(ref lastAttemptTicks, time.GetUtcNow().UtcTicks);

    private async Task CampaignAsync(Func<CancellationToken, Task> whileLeading, Prometheus.Gauge.Child leader, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var elector = new LeaseElector(
                new LeaseStore(client, settings.Namespace, settings.Name, Attempted), Identity, settings, time, LogNewLeader, LogElectionError);
            using var term = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var leading = Task.CompletedTask;
            var led = false;
            try
            {
                var acquired = await elector.AcquireAsync(stopping);
                led = true;
                isLeader = true;
                leader.Set(1);
                LogStartedLeading(Identity, settings.Namespace, settings.Name);
                leading = Task.Run(() => whileLeading(term.Token), CancellationToken.None);
                await elector.HoldAsync(acquired, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down.
            }
            catch (Exception e)
            {
                LogElectionError(e);
            }
            finally
            {
                if (led)
                {
                    StoppedLeading(leader, stopping);
                }

                await term.CancelAsync();
            }

            await WaitForWorkAsync(leading);
            if (stopping.IsCancellationRequested)
            {
                if (led)
                {
                    await ReleaseAsync(elector);
                }

                break;
            }

            await DelayAsync(settings.RetryPeriod, stopping);
        }
    }

    private void StoppedLeading(Prometheus.Gauge.Child leader, CancellationToken stopping)
    {
        isLeader = false;
        leader.Set(0);
        if (stopping.IsCancellationRequested)
        {
            LogSteppingDown(Identity);
        }
        else
        {
            LogStoppedLeading(Identity);
        }
    }

    private async Task WaitForWorkAsync(Task leading)
    {
        try
        {
            await leading;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWorkFailed(e);
        }
        catch (OperationCanceledException)
        {
            // The term ended.
        }
    }

    private async Task ReleaseAsync(LeaseElector elector)
    {
        using var timeout = new CancellationTokenSource(settings.RenewDeadline, time);
        try
        {
            if (await elector.ReleaseAsync(timeout.Token) is { } released)
            {
                LogReleased(Identity, released);
            }
        }
        catch (Exception e)
        {
            LogReleaseFailed(e, Identity);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became the leader (lease {Namespace}/{Lease})")]
    private partial void LogStartedLeading(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the leadership; stopping workers and campaigning again")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is shutting down; stepping down as leader")]
    private partial void LogSteppingDown(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "The leader is now {Holder}")]
    private partial void LogNewLeader(string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election error")]
    private partial void LogElectionError(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work run while leading failed")]
    private partial void LogWorkFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease (accepted: {Released})")]
    private partial void LogReleased(string identity, bool released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not release the lease; it will expire instead")]
    private partial void LogReleaseFailed(Exception exception, string identity);
}
