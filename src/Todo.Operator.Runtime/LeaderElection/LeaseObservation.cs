namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// A Lease's record and when, by the local clock, it was first seen as it is. The times in the Lease come from its
/// holder's clock, so expiry is judged from this instead: a record that has not changed for its lease duration is expired.
/// </summary>
internal sealed record LeaseObservation(LeaseRecord Record, DateTimeOffset Since)
{
    /// <summary>This observation while the Lease still says the same, else a new one starting at <paramref name="now"/>.</summary>
    public LeaseObservation Next(LeaseRecord current, DateTimeOffset now) => current == Record ? this : new(current, now);

    /// <summary>Whether the lease is unexpired at <paramref name="now"/>; a record without a duration counts as lasting <paramref name="defaultDuration"/>.</summary>
    public bool IsValidAt(DateTimeOffset now, TimeSpan defaultDuration) =>
        Since + (Record.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : defaultDuration) > now;
}
