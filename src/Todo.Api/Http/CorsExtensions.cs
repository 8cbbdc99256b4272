using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

internal static class CorsExtensions
{
    /// <summary>
    /// Cross-origin calls only from the configured origins (<see cref="ApiOptions.CorsOrigins"/>): without any, a page
    /// of another site cannot call this API from a visitor's browser, where it might reach an instance that only the
    /// visitor's network can. Todo-Backend clients, which run on any origin, need <c>*</c>.
    /// </summary>
    public static IServiceCollection AddTodoCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
        {
            var origins = api.Value.CorsOriginList;
            if (origins.Count == 0)
            {
                return;
            }

            cors.AddDefaultPolicy(policy =>
            {
                if (origins is ["*"])
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. origins]);
                }

                policy
                    .WithMethods("GET", "POST", "PATCH", "PUT", "DELETE")
                    .WithHeaders("Content-Type", "If-Match", "If-None-Match", "Idempotency-Key")
                    .WithExposedHeaders("ETag", "Link", "Location", "Retry-After", "Idempotent-Replayed");
            });
        });
        return services;
    }
}
