using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Todo.Api.Http;

/// <summary>
/// With public hosts configured the todos' URLs (<c>url</c>, <c>Location</c>, <c>Link</c>) are absolute, built from the
/// request's host, so a /todos request under any other host gets 400 rather than links to a host a client chose
/// (without public hosts the URLs are relative and nothing is filtered). Probes and metrics, which Kubernetes and
/// Prometheus call by pod address, are not filtered (unlike ASP.NET's AllowedHosts).
/// </summary>
internal static class PublicHostFilter
{
    public static IApplicationBuilder UsePublicHostFilter(this IApplicationBuilder app)
    {
        var hosts = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.PublicHostList;
        if (hosts.Count == 0)
        {
            return app;
        }

        var patterns = hosts.Select(host => new StringSegment(host)).ToArray();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/todos", StringComparison.Ordinal)
                || HostString.MatchesAny(context.Request.Host.Value ?? "", patterns))
            {
                await next(context);
                return;
            }

            await ProblemResponse.WriteAsync(context, StatusCodes.Status400BadRequest, "This API is not served under the host this request names.");
        });
    }
}
