using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Answers admission.k8s.io/v1 AdmissionReviews for one kind with its <see cref="IAdmissionValidator{T}"/>. A refusal is
/// a 422 <c>Invalid</c> status naming every field at fault, in its message (what ArgoCD and most clients show) and in
/// its causes (what kubectl lists, one line per field, as for a built-in kind). A failure of the validator itself is
/// answered as a refusal with code 500, so the request fails with the reason instead of a bare "failed calling webhook".
/// </summary>
internal sealed partial class ValidatingWebhookEndpoint<T>(string path, IAdmissionValidator<T> validator, ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly ResourceType Type = ResourceType.Of<T>();

    public async Task HandleAsync(HttpContext context)
    {
        WebhookMetrics.InFlight.WithLabels(path).Inc();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var review = await ReadAsync(context.Request, context.RequestAborted);
            if (review?.Request is not { Uid.Length: > 0 } request)
            {
                await AnswerAsync(context, StatusCodes.Status400BadRequest, "expected an admission.k8s.io/v1 AdmissionReview with a request");
                return;
            }

            var answer = new AdmissionReview
            {
                ApiVersion = AdmissionReview.ApiVersionV1,
                Kind = nameof(AdmissionReview),
                Response = Review(request),
            };
            await AnswerAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(answer, RuntimeJsonContext.Default.AdmissionReview));
        }
        finally
        {
            WebhookMetrics.InFlight.WithLabels(path).Dec();
            WebhookMetrics.Latency.WithLabels(path).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private AdmissionResponse Review(AdmissionRequest request)
    {
        if (request.Operation is not ("CREATE" or "UPDATE"))
        {
            return new AdmissionResponse { Uid = request.Uid, Allowed = true };
        }

        var (created, reason) = Decode(request.Object);
        if (created is null)
        {
            return Refused(request, new AdmissionVerdict([new FieldRefusal(string.Empty, "Undecodable", $"The object cannot be read: {reason}")], []));
        }

        try
        {
            var verdict = request.Operation == "UPDATE" && Decode(request.OldObject).Object is { } old
                ? validator.ValidateUpdate(old, created)
                : validator.ValidateCreate(created);
            if (request.RequestKind is { } sent && sent.ApiVersion != Type.ApiVersion)
            {
                verdict = verdict with { Refusals = [.. verdict.Refusals.Select(refusal => refusal with { Field = validator.FieldPath(refusal.Field, sent.ApiVersion) })] };
            }

            return verdict.Refusals.Count == 0
                ? new AdmissionResponse { Uid = request.Uid, Allowed = true, Warnings = verdict.Warnings.Count == 0 ? null : [.. verdict.Warnings] }
                : Refused(request, verdict, created.Metadata.Name ?? created.Metadata.GenerateName);
        }
        catch (Exception e)
        {
            LogValidatorFailed(e, request.Namespace, request.Name);
            return new AdmissionResponse
            {
                Uid = request.Uid,
                Allowed = false,
                Status = new AdmissionStatus { Code = StatusCodes.Status500InternalServerError, Reason = "InternalError", Message = $"validating {Type.Kind} failed: {e.Message}" },
            };
        }
    }

    private AdmissionResponse Refused(AdmissionRequest request, AdmissionVerdict verdict, string? name = null)
    {
        name ??= request.Name ?? string.Empty;
        LogRefused(request.Operation, request.Namespace, name, verdict);
        return new AdmissionResponse
        {
            Uid = request.Uid,
            Allowed = false,
            Warnings = verdict.Warnings.Count == 0 ? null : [.. verdict.Warnings],
            Status = new AdmissionStatus
            {
                Code = StatusCodes.Status422UnprocessableEntity,
                Reason = "Invalid",
                Message = $"{Type.Kind} \"{name}\" is invalid: {string.Join("; ", verdict.Refusals.Select(Describe))}.",
                Details = new AdmissionStatusDetails
                {
                    Group = Type.Group,
                    Kind = Type.Kind,
                    Name = name,
                    Causes = [.. verdict.Refusals.Select(refusal => new AdmissionStatusCause { Field = refusal.Field, Reason = refusal.Reason, Message = refusal.Message })],
                },
            },
        };
    }

    /// <summary>One refusal of the message, which joins them with "; " (so each loses its final full stop).</summary>
    private static string Describe(FieldRefusal refusal)
    {
        var message = refusal.Message.TrimEnd('.');
        return refusal.Field.Length == 0 ? message : $"{refusal.Field}: {message}";
    }

    private static (T? Object, string? Reason) Decode(JsonElement? element) =>
        element is not { ValueKind: JsonValueKind.Object } json ? (null, "the request carries no object")
            : ObjectDecoder.TryDecode<T>(json, Type, out var decoded, out var undecodable) ? (decoded, null)
            : (null, undecodable.Reason);

    private static async Task<AdmissionReview?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(request.Body);
            return JsonSerializer.Deserialize(await reader.ReadToEndAsync(cancellationToken), RuntimeJsonContext.Default.AdmissionReview);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task AnswerAsync(HttpContext context, int status, string body)
    {
        WebhookMetrics.Requests.WithLabels(path, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Operation} of {Namespace}/{Name}: {Fields}")]
    private partial void LogRefused(string operation, string? @namespace, string name, AdmissionVerdict fields);

    [LoggerMessage(Level = LogLevel.Error, Message = "Validating {Namespace}/{Name} failed")]
    private partial void LogValidatorFailed(Exception exception, string? @namespace, string? name);
}
