using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;
using Todo.Api.Storage;

namespace Todo.Api.Http;

/// <summary>
/// Turns rejected input into its 4xx ProblemDetails and Redis failures into 503, 504 or 507, so that no dependency
/// failure surfaces as a 500. A 503 (with Retry-After) promises that nothing was applied: Redis was unreachable
/// before the command was sent, or refused it. A write that was sent but never confirmed (a time-out or a
/// connection lost while waiting) may have been applied, or partly so; it gets 504 without Retry-After.
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
            case var e when IsOutcomeUnknown(e, httpContext.Request):
                LogOutcomeUnknown(logger, httpContext.Request.Method, e.GetType().Name, e.Message);
                status = StatusCodes.Status504GatewayTimeout;
                detail = "The todo store did not confirm the write: it may have been applied, in full or in part. "
                    + "Read the todo to find out, or repeat a POST with the same Idempotency-Key.";
                break;
            case var e when IsRedisUnavailable(e):
                LogRedisUnavailable(logger, e.GetType().Name, e.Message);
                status = StatusCodes.Status503ServiceUnavailable;
                detail = "The todo store is unavailable; retry later.";
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case RedisServerException e when IsRedisOutOfSpace(e):
                LogRedisOutOfSpace(logger, e.Message);
                status = StatusCodes.Status507InsufficientStorage;
                detail = HasErrorCode(e, "OOM")
                    ? "The todo store is out of memory; nothing was written. Deleting todos still works."
                    : "The todo store cannot persist (its disk is failing); nothing was written.";
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
    /// Connection loss and time-outs, and the answers of a Redis that is starting (LOADING), read-only or failing over,
    /// running another client's long script (BUSY), or a primary that has lost its replicas and so refuses writes
    /// (NOREPLICAS, <c>min-replicas-to-write</c>). Redis refuses such commands without running them.
    /// </summary>
    private static bool IsRedisUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => HasErrorCode(server, "LOADING") || HasErrorCode(server, "READONLY")
            || HasErrorCode(server, "MASTERDOWN") || HasErrorCode(server, "TRYAGAIN") || HasErrorCode(server, "BUSY")
            || HasErrorCode(server, "NOREPLICAS"),
        _ => false,
    };

    /// <summary>Reads can always be retried; a write only when Redis never got it.</summary>
    private static bool IsOutcomeUnknown(Exception exception, HttpRequest request) =>
        exception is PartialWriteException or UnreplicatedWriteException
        || (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && exception switch
        {
            RedisConnectionException e => WasSent(e.CommandStatus),
            RedisTimeoutException e => WasSent(e.Commandstatus),
            _ => false,
        });

    private static bool WasSent(CommandStatus status) => status is not (CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog);

    /// <summary>
    /// Writes refused over <c>maxmemory</c> (OOM) or because Redis cannot persist (MISCONF: a failing AOF or snapshot
    /// disk). Redis checks both before a script's first write, so nothing of the refused write was applied.
    /// </summary>
    private static bool IsRedisOutOfSpace(RedisServerException exception) =>
        HasErrorCode(exception, "OOM") || HasErrorCode(exception, "MISCONF");

    /// <summary>A Redis error reply starts with its code, then a space ("BUSY Redis is busy running a script...").</summary>
    private static bool HasErrorCode(RedisServerException exception, string code) =>
        exception.Message.StartsWith(code, StringComparison.Ordinal)
        && exception.Message.Length > code.Length
        && exception.Message[code.Length] == ' ';

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({ExceptionType}): {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Method} may or may not have been applied ({ExceptionType}): {Reason}")]
    private static partial void LogOutcomeUnknown(ILogger logger, string method, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis refused a write: {Reason}")]
    private static partial void LogRedisOutOfSpace(ILogger logger, string reason);
}
