using System.Globalization;
using System.Text.Json;
using k8s.Models;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>One line on what an app reported and how its pods stand, for the message of a wait that timed out.</summary>
internal static class ReportSummary
{
    /// <summary>The generation observed of the current one, each condition's status and reason, and status.redis as JSON.</summary>
    public static string Of(JsonElement app)
    {
        var generation = app.GetProperty("metadata").GetProperty("generation").GetInt64();
        var status = app.TryGetProperty("status", out var reported) ? reported : default;
        var conditions = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("conditions", out var list)
            ? string.Join(", ", list.EnumerateArray().Select(c => $"{Text(c, "type")}={Text(c, "status")} ({Text(c, "reason")})"))
            : "none";
        var redis = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("redis", out var value) ? value.GetRawText() : "none";
        return string.Create(CultureInfo.InvariantCulture, $"generation {TestApp.ObservedGeneration(app)?.ToString(CultureInfo.InvariantCulture) ?? "none"} of {generation}; {conditions}; redis {redis}");
    }

    /// <summary>Each pod's name, phase, readiness, restarts and node.</summary>
    public static string Of(IEnumerable<V1Pod> pods) =>
        string.Join(", ", pods.OrderBy(pod => pod.Metadata.Name, StringComparer.Ordinal).Select(pod => string.Create(
            CultureInfo.InvariantCulture,
            $"{pod.Metadata.Name} {pod.Status?.Phase}{(TestApp.IsReady(pod) ? " ready" : "")} restarts {pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0} on {pod.Spec.NodeName ?? "no node"}")));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
