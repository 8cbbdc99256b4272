using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>
/// The API's per-client rate limit, as the API reads it (<c>Api__RateLimit__PermitsPerSecond</c> and <c>__Burst</c>), within
/// the range the API accepts: a value beyond it would stop the API at start-up, a crash loop.
/// </summary>
[Description("A token bucket per client address that the API applies to every request but probes and metrics; a client past it "
    + "gets 429 with Retry-After. Behind an Ingress the API tells clients apart only when it trusts the ingress controller as a proxy "
    + "(ingress.trustedProxies): otherwise every client shares this one limit.")]
internal sealed class RateLimitSpec
{
    /// <summary>The most the API takes for either setting (<c>RateLimitOptions</c> in src/Todo.Api).</summary>
    public const int MaxPermits = 1_000_000;

    /// <summary>Requests per second per client: far above what a person at the page or a script of theirs makes.</summary>
    public const int DefaultPermitsPerSecond = 50;

    [JsonPropertyName("permitsPerSecond")]
    [Range(0, MaxPermits)]
    [Description("Requests each client may make per second, on average; 0 turns the limit off. Defaults to 50.")]
    public int PermitsPerSecond { get; set; } = DefaultPermitsPerSecond;

    [JsonPropertyName("burst")]
    [Range(1, MaxPermits)]
    [Description("Requests a client may make at once after being idle (a page load, a client's burst); at least permitsPerSecond. "
        + "Defaults to two seconds' worth (100 at 50 per second).")]
    public int? Burst { get; set; }
}
