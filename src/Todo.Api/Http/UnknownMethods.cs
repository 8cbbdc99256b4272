namespace Todo.Api.Http;

/// <summary>
/// Request methods outside the few this API knows are renamed <c>OTHER</c> before the HTTP metrics see them, since
/// every method name a client invents would otherwise become a new metrics series, and are answered
/// 501 Not Implemented (RFC 9110, section 15.6.2).
/// </summary>
internal static class UnknownMethods
{
    public const string Other = "OTHER";

    /// <summary>Goes before the HTTP metrics.</summary>
    public static IApplicationBuilder UseUnknownMethodLabel(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!IsKnown(context.Request.Method))
            {
                context.Request.Method = Other;
            }

            return next(context);
        });

    /// <summary>Goes after the HTTP metrics and the exception handler, so that the 501 is counted and has a problem body.</summary>
    public static IApplicationBuilder UseUnknownMethodRejection(this IApplicationBuilder app) =>
        // Not an async lambda: every request passes here, and the known methods need no state machine of their own.
        app.Use((context, next) => string.Equals(context.Request.Method, Other, StringComparison.Ordinal)
            ? ProblemResponse.WriteAsync(context, StatusCodes.Status501NotImplemented, "This API serves only GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS.")
            : next(context));

    /// <summary>Method names are case-sensitive (RFC 9110, section 9.1): "get" is not GET.</summary>
    private static bool IsKnown(string method) =>
        method is "GET" or "POST" or "PATCH" or "PUT" or "DELETE" or "HEAD" or "OPTIONS";
}
