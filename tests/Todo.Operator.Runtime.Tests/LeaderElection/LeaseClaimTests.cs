using Todo.Operator.Runtime.LeaderElection;

namespace Todo.Operator.Runtime.Tests.LeaderElection;

/// <summary>
/// What an elector writes to a Lease, decided from what it observed and its own clock: another holder's lease expires once
/// its record has not changed for its duration by the local clock, whatever times the Lease carries; a holder renews its
/// own; a released or expired Lease is taken with one transition more; a leader that cannot renew steps down.
/// </summary>
public sealed class LeaseClaimTests
{
    private const string Me = "operator-b_5e1f";
    private const string Other = "operator-a_09c2";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private readonly ManualTime time = new();

    [Fact]
    public void Another_holders_lease_is_valid_until_its_record_has_not_changed_for_its_duration_by_the_local_clock()
    {
        var observed = Observe(Held(Other, transitions: 3));

        time.Advance(LeaseDuration - TimeSpan.FromMilliseconds(1));
        Assert.Null(LeaseClaim.Next(Me, observed.Next(observed.Record, time.GetUtcNow()), time.GetUtcNow(), LeaseDuration));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var claim = LeaseClaim.Next(Me, observed.Next(observed.Record, time.GetUtcNow()), time.GetUtcNow(), LeaseDuration);
        Assert.Equal(new LeaseRecord(Me, 15, time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, 4), claim);
    }

    [Fact]
    public void A_renewal_seen_restarts_the_count_however_old_the_times_in_the_lease()
    {
        var observed = Observe(Held(Other, transitions: 3));
        time.Advance(TimeSpan.FromSeconds(10));

        // The holder's clock is an hour behind ours: its renewal still counts from when it was seen.
        var renewed = Held(Other, transitions: 3) with { RenewTime = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1) };
        observed = observed.Next(renewed, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(10), observed.Since);
        Assert.Null(LeaseClaim.Next(Me, observed, time.GetUtcNow(), LeaseDuration));
    }

    [Fact]
    public void A_lease_unchanged_for_its_duration_is_expired_even_when_its_times_are_ahead_of_the_local_clock()
    {
        var ahead = Held(Other, transitions: 0) with { RenewTime = time.GetUtcNow().UtcDateTime + TimeSpan.FromHours(1) };
        var observed = Observe(ahead);

        time.Advance(LeaseDuration);
        var claim = LeaseClaim.Next(Me, observed.Next(ahead, time.GetUtcNow()), time.GetUtcNow(), LeaseDuration);

        Assert.Equal(Me, claim?.Holder);
        Assert.Equal(1, claim?.Transitions);
    }

    [Fact]
    public void A_lease_is_valid_for_the_duration_it_says_and_for_the_configured_one_when_it_says_none()
    {
        var fiveSeconds = Observe(Held(Other, transitions: 0) with { DurationSeconds = 5 });
        var unsaid = Observe(Held(Other, transitions: 0) with { DurationSeconds = null });
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.NotNull(LeaseClaim.Next(Me, fiveSeconds, time.GetUtcNow(), LeaseDuration));
        Assert.Null(LeaseClaim.Next(Me, unsaid, time.GetUtcNow(), LeaseDuration));
    }

    [Fact]
    public void A_released_lease_is_taken_at_once_with_one_transition_more()
    {
        var released = LeaseClaim.Release(Held(Other, transitions: 7), time.GetUtcNow());
        Assert.Equal(new LeaseRecord(string.Empty, 1, time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, 7), released);

        var observed = Observe(released);
        var claim = LeaseClaim.Next(Me, observed, time.GetUtcNow(), LeaseDuration);

        Assert.Equal(new LeaseRecord(Me, 15, time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, 8), claim);
    }

    [Fact]
    public void The_holder_renews_its_own_lease_keeping_its_acquire_time_and_transitions()
    {
        var acquired = time.GetUtcNow().UtcDateTime;
        var observed = Observe(Held(Me, transitions: 2) with { AcquireTime = acquired, DurationSeconds = 4 });

        // Even past its duration by the local clock (renewals failed meanwhile): the Lease still names this holder.
        time.Advance(TimeSpan.FromSeconds(20));
        var claim = LeaseClaim.Next(Me, observed, time.GetUtcNow(), LeaseDuration);

        Assert.Equal(new LeaseRecord(Me, 15, acquired, time.GetUtcNow().UtcDateTime, 2), claim);
    }

    [Fact]
    public void A_new_lease_starts_with_no_transitions_held_from_now()
    {
        var first = LeaseClaim.First(Me, time.GetUtcNow(), TimeSpan.FromMilliseconds(2500));

        Assert.Equal(new LeaseRecord(Me, 3, time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, 0), first);
    }

    [Fact]
    public void A_leader_steps_down_once_renew_deadline_has_passed_since_its_last_renewal_was_sent()
    {
        var renewDeadline = TimeSpan.FromSeconds(10);
        var renewed = time.GetUtcNow();

        time.Advance(renewDeadline - TimeSpan.FromMilliseconds(1));
        Assert.False(LeaseClaim.MustStepDown(renewed, time.GetUtcNow(), renewDeadline));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(LeaseClaim.MustStepDown(renewed, time.GetUtcNow(), renewDeadline));
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(0.5, 3.2)]
    [InlineData(0.999, 4.3976)]
    public void A_candidate_waits_between_one_and_2_2_retry_periods(double sample, double seconds)
    {
        Assert.Equal(seconds, LeaseClaim.CandidateWait(TimeSpan.FromSeconds(2), sample).TotalSeconds, precision: 6);
    }

    private LeaseObservation Observe(LeaseRecord record) => new(record, time.GetUtcNow());

    private LeaseRecord Held(string holder, int transitions) =>
        new(holder, 15, time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5), time.GetUtcNow().UtcDateTime, transitions);
}
