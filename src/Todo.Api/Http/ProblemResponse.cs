namespace Todo.Api.Http;

/// <summary>Answers a request from a middleware with a status and, for clients that accept JSON, a problem body.</summary>
internal static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
