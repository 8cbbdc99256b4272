using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Keeps the caBundle of the operator's own webhook configurations current (<see cref="CaBundles.Merge"/>): every
/// webhook of its ValidatingWebhookConfiguration. A JSON patch that first tests the resourceVersion it read, so a
/// concurrent edit of the configuration is never overwritten; the next check tries again. RBAC grants get and patch
/// of these objects by name only.
/// </summary>
internal sealed partial class CaBundlePublisher(IKubernetes kubernetes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<CaBundlePublisher> logger)
{
    private bool missingReported;

    /// <summary>Publishes <paramref name="trustBundle"/>; whether every configuration now trusts it.</summary>
    public async Task<bool> PublishAsync(string trustBundle, CancellationToken cancellationToken)
    {
        if (options.Value.ValidatingWebhookConfiguration is not { Length: > 0 } name)
        {
            return true;
        }

        V1ValidatingWebhookConfiguration configuration;
        try
        {
            configuration = await kubernetes.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            // Installed without it (a local run), or not yet: nothing calls this replica for it then.
            if (!missingReported)
            {
                LogConfigurationMissing(name);
                missingReported = true;
            }

            return true;
        }

        missingReported = false;
        var patch = new JsonArray(new JsonObject
        {
            ["op"] = "test",
            ["path"] = "/metadata/resourceVersion",
            ["value"] = configuration.Metadata.ResourceVersion,
        });
        var now = time.GetUtcNow();
        for (var i = 0; i < (configuration.Webhooks?.Count ?? 0); i++)
        {
            if (CaBundles.Merge(configuration.Webhooks![i].ClientConfig?.CaBundle, trustBundle, now) is { } merged)
            {
                patch.Add(new JsonObject
                {
                    ["op"] = "add",
                    ["path"] = $"/webhooks/{i}/clientConfig/caBundle",
                    ["value"] = Convert.ToBase64String(merged),
                });
            }
        }

        if (patch.Count == 1)
        {
            return true;
        }

        try
        {
            await kubernetes.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), name, cancellationToken: cancellationToken);
            LogPublished(name, patch.Count - 1);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
            // Changed since it was read (the test operation failed): read it again at the next check.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ValidatingWebhookConfiguration {Name} does not exist; its caBundle is published once it is installed")]
    private partial void LogConfigurationMissing(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the webhook CA to {Count} webhook(s) of ValidatingWebhookConfiguration {Name}")]
    private partial void LogPublished(string name, int count);
}
