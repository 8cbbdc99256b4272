using System.Net;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Turns an API server's error answer into the exception callers catch: <see cref="KubernetesException"/> carrying the
/// server's <see cref="V1Status"/> (or one made from the HTTP status when the body is not a Status), and
/// <see cref="ResourceExpiredException"/> for 410 Gone.
/// </summary>
internal static class ApiErrors
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, what, cancellationToken);
        }
    }

    private static async Task<Exception> ToExceptionAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = TryParseStatus(text) ?? new V1Status
        {
            Code = (int)response.StatusCode,
            Message = $"{(int)response.StatusCode} {response.ReasonPhrase}",
        };
        status.Code ??= (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Gone)
        {
            return new ResourceExpiredException($"{what}: {status.Message}");
        }

        return new KubernetesException(status);
    }

    private static V1Status? TryParseStatus(string text)
    {
        try
        {
            return text.Length == 0 ? null : ModelJson.Deserialize<V1Status>(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
