namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// The decisions of client-go's leader election as pure functions of what was observed and the local clock: whether to
/// write the Lease and what, how long a candidate waits between attempts, and when a leader that cannot renew steps down.
/// </summary>
internal static class LeaseClaim
{
    /// <summary>How much longer than the retry period a candidate may wait (client-go's JitterFactor).</summary>
    public const double JitterFactor = 1.2;

    /// <summary>The record that creates the Lease, held by <paramref name="identity"/>.</summary>
    public static LeaseRecord First(string identity, DateTimeOffset now, TimeSpan leaseDuration) =>
        new(identity, Seconds(leaseDuration), now.UtcDateTime, now.UtcDateTime, 0);

    /// <summary>
    /// The record to write over <paramref name="observed"/> to hold the Lease at <paramref name="now"/>: a renewal of this
    /// holder's own, an acquisition of a released or expired one (one transition more),
    /// or null while another holder's lease is valid by the local clock.
    /// </summary>
    public static LeaseRecord? Next(string identity, LeaseObservation observed, DateTimeOffset now, TimeSpan leaseDuration)
    {
        var record = observed.Record;
        if (record.Holder == identity)
        {
            return Renewal(record, now, leaseDuration);
        }

        return record.Holder is { Length: > 0 } && observed.IsValidAt(now, leaseDuration)
            ? null
            : new(identity, Seconds(leaseDuration), now.UtcDateTime, now.UtcDateTime, record.Transitions + 1);
    }

    /// <summary>The record that renews this holder's own <paramref name="held"/>: acquire time and transitions kept.</summary>
    public static LeaseRecord Renewal(LeaseRecord held, DateTimeOffset now, TimeSpan leaseDuration) =>
        held with { DurationSeconds = Seconds(leaseDuration), RenewTime = now.UtcDateTime };

    /// <summary>
    /// The record that gives up <paramref name="held"/>: an empty holder, which any candidate may take at once, and a
    /// duration of one second for readers that only look at the times.
    /// </summary>
    public static LeaseRecord Release(LeaseRecord held, DateTimeOffset now) =>
        new(string.Empty, 1, now.UtcDateTime, now.UtcDateTime, held.Transitions);

    /// <summary>
    /// Whether a leader whose last successful renewal was sent at <paramref name="renewed"/> must step down at
    /// <paramref name="now"/>. Counted from the sending, which precedes the write others observe, so it steps down before
    /// any of them can count the lease expired (RenewDeadline &lt; LeaseDuration).
    /// </summary>
    public static bool MustStepDown(DateTimeOffset renewed, DateTimeOffset now, TimeSpan renewDeadline) => now - renewed >= renewDeadline;

    /// <summary>A candidate's wait between attempts for a <paramref name="sample"/> in [0, 1): candidates that started together spread out.</summary>
    public static TimeSpan CandidateWait(TimeSpan retryPeriod, double sample) => retryPeriod * (1 + (JitterFactor * sample));

    /// <summary>Whole seconds, rounded up and at least one: a Lease counts in seconds, and a shorter one would expire sooner than the timings assume.</summary>
    private static int Seconds(TimeSpan duration) => Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
}
