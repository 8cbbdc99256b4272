using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

/// <summary>
/// Keeps the operational endpoints (probes, metrics, the OpenAPI document) apart from the API: with Api:ManagementPort set
/// they answer on that port only, and it answers nothing else. Decided by the port the connection arrived on, never by a
/// Host header, which a client chooses.
/// </summary>
internal static class ManagementPort
{
    public static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments("/metrics", StringComparison.Ordinal)
        || path.StartsWithSegments("/openapi", StringComparison.Ordinal);

    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app)
    {
        var port = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.ManagementPort;
        return port == 0
            ? app
            : app.Use((context, next) =>
            {
                if ((context.Connection.LocalPort == port) == IsOperational(context.Request.Path))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
    }
}
