using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>The checks of <c>spec.rateLimit</c>, the API's per-client token bucket.</summary>
internal static partial class SpecValidator
{
    /// <summary>
    /// The API refuses to start on a value beyond what it takes (a crash loop), and a bucket smaller than a second's worth
    /// would hold the rate at the burst.
    /// </summary>
    private static void CheckRateLimit(List<SpecProblem> problems, RateLimitSpec? limit)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.PermitsPerSecond is < 0 or > RateLimitSpec.MaxPermits)
        {
            problems.Add(new("spec.rateLimit.permitsPerSecond", "InvalidRateLimit",
                $"permitsPerSecond is {limit.PermitsPerSecond}; use 0 (no limit) to {RateLimitSpec.MaxPermits} requests per second."));
        }

        if (limit.Burst is < 1 or > RateLimitSpec.MaxPermits)
        {
            problems.Add(new("spec.rateLimit.burst", "InvalidRateLimit",
                $"burst is {limit.Burst}; use 1 to {RateLimitSpec.MaxPermits} requests, or leave it out for two seconds' worth."));
        }
        else if (limit.Burst < limit.PermitsPerSecond)
        {
            problems.Add(new("spec.rateLimit.burst", "InvalidRateLimit",
                $"burst ({limit.Burst}) is below permitsPerSecond ({limit.PermitsPerSecond}): a client's bucket never holds more than the burst, "
                + $"so the limit would be {limit.Burst} per second; raise burst to at least {limit.PermitsPerSecond}, or leave it out for two seconds' worth."));
        }
    }
}
