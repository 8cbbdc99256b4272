using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Todo.Api.Http;

namespace Todo.Api;

/// <summary>
/// How the API serves its clients (configuration section <c>Api</c>, environment variables <c>Api__*</c>). Lists
/// are one string, entries separated by <c>;</c> or <c>,</c>, so that each is one environment variable.
/// </summary>
internal sealed partial class ApiOptions : IValidatableObject
{
    public const string SectionName = "Api";

    /// <summary>
    /// Todos one app may hold. The default keeps the largest possible collection (500-character titles of 3-byte
    /// characters: 10,000 such todos took 24 MB in Redis) within a tenth of the operator's default Redis memory
    /// limit (256 MiB).
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxTodos { get; set; } = 10_000;

    /// <summary>
    /// Host names (a leading <c>*.</c> for any subdomain, no port) the API may put into the URLs it hands out, which are
    /// then absolute; requests to /todos under another Host (or X-Forwarded-Host) get 400. Empty: any host is served,
    /// and the URLs are relative, so that no host a client names reaches them.
    /// </summary>
    public string PublicHosts { get; set; } = "";

    /// <summary>
    /// Addresses and CIDR networks of the proxies whose X-Forwarded-For, -Proto and -Host are honoured. Empty by default:
    /// not even loopback, since in a pod that is any sidecar, and <c>kubectl port-forward</c>, passing on what clients sent.
    /// </summary>
    public string TrustedProxies { get; set; } = "";

    /// <summary>
    /// Origins (<c>https://app.example.com</c>) whose pages may call the API from a browser. Empty: none but the
    /// API's own page. <c>*</c>: any origin, as the public Todo-Backend clients need.
    /// </summary>
    public string CorsOrigins { get; set; } = "";

    /// <summary>
    /// The port of the operational endpoints (/healthz, /readyz, /metrics, /openapi): with one set, they answer there only,
    /// and that port answers nothing else, so an ingress routing to the other port never publishes them. It must be one of
    /// the ports the API listens on (ASPNETCORE_HTTP_PORTS). 0: every endpoint on every port.
    /// </summary>
    [Range(0, 65535)]
    public int ManagementPort { get; set; }

    /// <summary>The path prefix the API is served under (e.g. <c>/api</c>, as an ingress routes it unchanged); empty: the root.</summary>
    public string PathBase { get; set; } = "";

    /// <summary>
    /// How long the API keeps serving after SIGTERM before it stops accepting requests: the time ingress controllers need
    /// to stop sending to a pod being deleted, so that a rollout drops no request.
    /// </summary>
    [Range(0, 60)]
    public int ShutdownDelaySeconds { get; set; }

    /// <summary>ASP.NET Core's rate limiter, per client address; off unless <see cref="RateLimitOptions.PermitsPerSecond"/> is set.</summary>
    [ValidateObjectMembers]
    public RateLimitOptions RateLimit { get; set; } = new();

    public IReadOnlyList<string> PublicHostList => Split(PublicHosts);

    public IReadOnlyList<string> TrustedProxyList => Split(TrustedProxies);

    public IReadOnlyList<string> CorsOriginList => Split(CorsOrigins);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PathBase.Length > 0 && !PathBaseRegex().IsMatch(PathBase))
        {
            yield return new ValidationResult(
                $"PathBase: '{PathBase}' is not a path prefix such as /api (segments of letters, digits, '.', '_', '~' and '-'; no trailing '/').", [nameof(PathBase)]);
        }

        foreach (var host in PublicHostList.Where(host => !IsHostPattern(host)))
        {
            yield return new ValidationResult(
                $"PublicHosts: '{host}' is not a host name (a leading '*.' is allowed, a port is not).", [nameof(PublicHosts)]);
        }

        foreach (var origin in CorsOriginList.Where(origin => !IsOrigin(origin) && CorsOriginList is not ["*"]))
        {
            yield return new ValidationResult(
                $"CorsOrigins: '{origin}' is not an origin such as https://app.example.com (or '*' alone for any origin).", [nameof(CorsOrigins)]);
        }

        foreach (var proxy in TrustedProxyList.Where(proxy => !IPNetwork.TryParse(proxy, out _) && !IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult(
                $"TrustedProxies: '{proxy}' is neither an IP address nor a CIDR network such as 10.42.0.0/16.", [nameof(TrustedProxies)]);
        }
    }

    private static string[] Split(string list) =>
        list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.GetLeftPart(UriPartial.Authority) == origin;

    private static bool IsHostPattern(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 || (name is ['[', .., ']'] && IPAddress.TryParse(name[1..^1], out _));
    }

    [GeneratedRegex("^(/[A-Za-z0-9._~-]+)+$")]
    private static partial Regex PathBaseRegex();
}
