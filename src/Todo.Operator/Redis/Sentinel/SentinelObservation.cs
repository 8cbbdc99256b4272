namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The latest result of asking an app's Sentinels: what they said (null when none answered) and since when the answer has
/// been the same, which is when a new primary was first seen.
/// </summary>
internal sealed record SentinelObservation(SentinelView? View, DateTime Since);
