using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Todo.Api.Http;

/// <summary>
/// Turns rejected input into its 4xx ProblemDetails and an unreachable Redis into 503 with Retry-After,
/// so that no dependency failure surfaces as a 500.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string detail;
        switch (exception)
        {
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                detail = bad.Message;
                break;
            case var e when IsRedisUnavailable(e):
                LogRedisUnavailable(logger, e.GetType().Name, e.Message);
                status = StatusCodes.Status503ServiceUnavailable;
                detail = "The todo store is unavailable; retry later.";
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    /// <summary>
    /// Connection loss and time-outs, and the answers of a Redis that is starting (LOADING), read-only or failing over.
    /// </summary>
    private static bool IsRedisUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({ExceptionType}): {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string exceptionType, string reason);
}
