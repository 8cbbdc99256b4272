using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

/// <summary>
/// ASP.NET Core's rate limiter, when configured (<see cref="RateLimitOptions"/>): a token bucket per client address,
/// IPv6 clients by /64 since one host holds a whole /64. Behind an ingress the client address is only known when the
/// ingress is a trusted proxy (X-Forwarded-For). Probes and metrics are never limited.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddTodoRateLimiter(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((limiter, api) =>
        {
            var limit = api.Value.RateLimit;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsOperational(context.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("operations")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit.BucketSize,
                        TokensPerPeriod = limit.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Adds the limiter to the pipeline only when it is configured, so that it costs nothing otherwise.</summary>
    public static IApplicationBuilder UseTodoRateLimiter(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit.Enabled ? app.UseRateLimiter() : app;

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } v6 => Slash64(v6),
        var v4 => v4.ToString(),
    };

    private static string Slash64(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ProblemResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests from this client; retry later.");
    }
}
