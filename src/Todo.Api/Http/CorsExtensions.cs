namespace Todo.Api.Http;

internal static class CorsExtensions
{
    /// <summary>Todo-Backend clients run on any origin; they need the write methods, Content-Type and If-Match.</summary>
    public static IServiceCollection AddTodoCors(this IServiceCollection services) =>
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "POST", "PATCH", "PUT", "DELETE")
            .WithHeaders("Content-Type", "If-Match", "If-None-Match", "Idempotency-Key")
            .WithExposedHeaders("ETag", "Link", "Location", "Retry-After", "Idempotent-Replayed")));
}
