namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// One campaign for a Lease, in the model of client-go's leaderelection: a candidate tries to acquire it every RetryPeriod,
/// jittered; the leader renews it every RetryPeriod and steps down once it has not renewed for RenewDeadline, or as soon as
/// it sees another holder. Whether another's lease has expired is judged by the local clock, from when this elector saw its
/// record change (<see cref="LeaseObservation"/>), never from the times in the Lease. Each attempt is bounded by
/// RenewDeadline (a leader's by what is left of it), so a call the API server never answers neither keeps a leader leading
/// nor stops a candidate's attempts.
/// </summary>
internal sealed class LeaseElector(
    LeaseStore store,
    string identity,
    LeaseSettings settings,
    TimeProvider time,
    Action<string> newLeader,
    Action<Exception> failed)
{
    private LeaseObservation? observed;
    private string? reportedLeader;

    private enum Attempt
    {
        Holding,
        HeldByAnother,
        Failed,
    }

    /// <summary>Campaigns until this elector holds the Lease; returns when the write that acquired it was sent.</summary>
    public async Task<DateTimeOffset> AcquireAsync(CancellationToken stopping)
    {
        while (true)
        {
            var sent = time.GetUtcNow();
            if (await TryAcquireOrRenewAsync(settings.RenewDeadline, stopping) is Attempt.Holding)
            {
                return sent;
            }

            await Task.Delay(LeaseClaim.CandidateWait(settings.RetryPeriod, Random.Shared.NextDouble()), time, stopping);
        }
    }

    /// <summary>Renews the Lease acquired or renewed at <paramref name="renewed"/> every RetryPeriod; returns when the lead is lost.</summary>
    public async Task HoldAsync(DateTimeOffset renewed, CancellationToken stopping)
    {
        while (true)
        {
            var left = renewed + settings.RenewDeadline - time.GetUtcNow();
            await Task.Delay(TimeSpan.FromTicks(Math.Clamp(left.Ticks, 0, settings.RetryPeriod.Ticks)), time, stopping);
            var sent = time.GetUtcNow();
            if (LeaseClaim.MustStepDown(renewed, sent, settings.RenewDeadline))
            {
                return;
            }

            switch (await TryAcquireOrRenewAsync(renewed + settings.RenewDeadline - sent, stopping))
            {
                case Attempt.Holding:
                    renewed = sent;
                    break;
                case Attempt.HeldByAnother:
                    return;
            }
        }
    }

    /// <summary>
    /// Gives the Lease up if it is still this elector's: whether the API server took the release, or null when the Lease is
    /// not this elector's to release.
    /// </summary>
    public async Task<bool?> ReleaseAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(cancellationToken) is not { } current || current.Holder != identity)
        {
            return null;
        }

        return await store.ReplaceAsync(LeaseClaim.Release(current, time.GetUtcNow()), cancellationToken) is not null;
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(TimeSpan budget, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(budget, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            return await TryAcquireOrRenewAsync(attempt.Token);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            failed(timeout.IsCancellationRequested ? new TimeoutException($"The API server did not answer within {budget.TotalSeconds:0.#} s.", e) : e);
            return Attempt.Failed;
        }
        finally
        {
            ReportNewLeader();
        }
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // A leader whose lease is valid renews over the Lease as it last wrote it, without reading it first; a refusal means
        // the Lease changed since (or is gone), so it is read.
        if (observed is { } own && own.Record.Holder == identity && own.IsValidAt(now, settings.LeaseDuration)
            && await store.ReplaceAsync(LeaseClaim.Renewal(own.Record, now, settings.LeaseDuration), cancellationToken) is { } renewed)
        {
            return Observed(renewed, now);
        }

        var current = await store.ReadAsync(cancellationToken);
        now = time.GetUtcNow();
        if (current is null)
        {
            return await store.CreateAsync(LeaseClaim.First(identity, now, settings.LeaseDuration), cancellationToken) is { } created
                ? Observed(created, now)
                : Attempt.Failed;
        }

        observed = observed?.Next(current, now) ?? new LeaseObservation(current, now);
        if (LeaseClaim.Next(identity, observed, now, settings.LeaseDuration) is not { } claim)
        {
            return Attempt.HeldByAnother;
        }

        return await store.ReplaceAsync(claim, cancellationToken) is { } written ? Observed(written, now) : Attempt.Failed;
    }

    /// <summary>Notes this elector's own write, sent at <paramref name="sent"/>: the lease runs from then by the local clock.</summary>
    private Attempt Observed(LeaseRecord written, DateTimeOffset sent)
    {
        observed = new LeaseObservation(written, sent);
        return Attempt.Holding;
    }

    private void ReportNewLeader()
    {
        if (observed?.Record.Holder is { Length: > 0 } holder && holder != reportedLeader)
        {
            reportedLeader = holder;
            newLeader(holder);
        }
    }
}
