using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Todo.Operator.Crd;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>What the API server answers a TodoApp create (a server-side dry run, which admission webhooks see too).</summary>
internal static class Admissions
{
    /// <summary>A TodoApp the validator refuses (minReplicas above maxReplicas), or a valid one.</summary>
    public static object App(string name, bool valid) => new
    {
        apiVersion = $"{TodoApp.Group}/{TodoApp.Version}",
        kind = TodoApp.KindName,
        metadata = new { name },
        spec = new
        {
            image = new { repository = "ghcr.io/example/todo-api", tag = "0.1.0" },
            autoscaling = new { enabled = true, minReplicas = valid ? 1 : 4, maxReplicas = 2 },
        },
    };

    /// <summary>The HTTP status of a dry-run create and the message of a refusal ("" when created).</summary>
    public static async Task<(HttpStatusCode Status, string Message)> DryRunCreateAsync(IKubernetes client, string ns, object app, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
                TestJson.Node(app), TodoApp.Group, TodoApp.Version, ns, TodoApp.Plural, dryRun: "All", cancellationToken: cancellationToken);
            return (HttpStatusCode.Created, string.Empty);
        }
        catch (HttpOperationException e)
        {
            return (e.Response.StatusCode, e.Response.Content);
        }
    }

    /// <summary>Whether the webhook refuses an invalid TodoApp in <paramref name="ns"/>: it answers and the API server trusts it.</summary>
    public static async Task<bool> WebhookRefusesAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        var (status, message) = await DryRunCreateAsync(client, ns, App("probe", valid: false), cancellationToken);
        return status is HttpStatusCode.UnprocessableEntity && message.Contains("denied the request", StringComparison.Ordinal);
    }
}
