using Microsoft.AspNetCore.StaticFiles;

namespace Todo.Api.Http;

/// <summary>
/// Every response tells browsers not to guess content types. The web page and its files also get a content security
/// policy that lets the page run only its own script and style and talk only to its own origin, and may not be
/// framed by another site (clickjacking).
/// </summary>
internal static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });

    public static IApplicationBuilder UseWebPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = AddPageHeaders });
    }

    private static void AddPageHeaders(StaticFileResponseContext file)
    {
        var headers = file.Context.Response.Headers;
        headers.ContentSecurityPolicy = PagePolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
