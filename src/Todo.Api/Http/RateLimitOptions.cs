using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Http;

/// <summary>A token bucket per client address (configuration section <c>Api:RateLimit</c>).</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Requests each client may make per second, on average; 0 turns the limiter off.</summary>
    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests a client may make at once after being idle; 0 means one second's worth.</summary>
    [Range(0, 1_000_000)]
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int BucketSize => Burst > 0 ? Burst : PermitsPerSecond;
}
