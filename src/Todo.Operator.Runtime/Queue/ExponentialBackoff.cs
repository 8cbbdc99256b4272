namespace Todo.Operator.Runtime.Queue;

/// <summary>client-go's per-item rate limiter: base × 2^failures, capped. There is no retry limit by design.</summary>
internal sealed record ExponentialBackoff(TimeSpan Base, TimeSpan Max)
{
    public static ExponentialBackoff Default { get; } = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

    /// <summary>The delay before retry number <paramref name="failures"/> + 1 (0 for the first retry).</summary>
    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures, 0, 62);
        var ticks = Base.Ticks * Math.Pow(2, exponent);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
