using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Answers apiextensions.k8s.io/v1 ConversionReviews with an <see cref="IObjectConversion"/>. All objects of a review are
/// converted or none: a failure answers "Failure" with the reason, which the API server puts in the error of the request
/// (a list or a watch of every object of the kind, too), so it names the object.
/// </summary>
internal sealed partial class ConversionWebhookEndpoint(string path, IObjectConversion conversion, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        WebhookMetrics.InFlight.WithLabels(path).Inc();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var review = await ReadAsync(context.Request, context.RequestAborted);
            if (review?.Request is not { Uid.Length: > 0, DesiredApiVersion.Length: > 0 } request)
            {
                await AnswerAsync(context, StatusCodes.Status400BadRequest, "expected an apiextensions.k8s.io/v1 ConversionReview with a request");
                return;
            }

            var answer = new ConversionReview
            {
                ApiVersion = ConversionReview.ApiVersionV1,
                Kind = nameof(ConversionReview),
                Response = Convert(request),
            };
            await AnswerAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(answer, RuntimeJsonContext.Default.ConversionReview));
        }
        finally
        {
            WebhookMetrics.InFlight.WithLabels(path).Dec();
            WebhookMetrics.Latency.WithLabels(path).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private ConversionResponse Convert(ConversionRequest request)
    {
        var converted = new List<System.Text.Json.Nodes.JsonObject>(request.Objects.Count);
        foreach (var obj in request.Objects)
        {
            try
            {
                converted.Add(conversion.Convert(obj, request.DesiredApiVersion));
            }
            catch (Exception e) when (e is ObjectConversionException or JsonException or InvalidOperationException or FormatException)
            {
                var name = $"{obj["metadata"]?["namespace"]}/{obj["metadata"]?["name"]}";
                LogFailed(e, name, request.DesiredApiVersion);
                return new ConversionResponse
                {
                    Uid = request.Uid,
                    Result = new ConversionResult { Status = "Failure", Message = $"converting {name} to {request.DesiredApiVersion}: {e.Message}" },
                };
            }
        }

        return new ConversionResponse { Uid = request.Uid, ConvertedObjects = converted };
    }

    private static async Task<ConversionReview?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, RuntimeJsonContext.Default.ConversionReview, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task AnswerAsync(HttpContext context, int status, string body)
    {
        WebhookMetrics.Requests.WithLabels(path, status.ToString(CultureInfo.InvariantCulture)).Inc();
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Converting {Name} to {Version} failed")]
    private partial void LogFailed(Exception exception, string name, string version);
}
