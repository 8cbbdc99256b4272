using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Keeps the caBundle of the operator's own webhook configurations current (<see cref="CaBundles.Merge"/>): every
/// webhook of its ValidatingWebhookConfiguration, and the conversion webhook of its CRD. A JSON patch that first tests the resourceVersion it read, so a
/// concurrent edit of the configuration is never overwritten; the next check tries again. RBAC grants get and patch
/// of these objects by name only.
/// </summary>
internal sealed partial class CaBundlePublisher(IResourceClient client, IOptions<WebhookOptions> options, TimeProvider time, ILogger<CaBundlePublisher> logger)
{
    private static readonly ResourceType WebhookConfigurations = ResourceType.Of<V1ValidatingWebhookConfiguration>() with { Namespaced = false };
    private static readonly ResourceType CustomResourceDefinitions = ResourceType.Of<V1CustomResourceDefinition>() with { Namespaced = false };

    private readonly HashSet<string> missingReported = new(StringComparer.Ordinal);

    /// <summary>Publishes <paramref name="trustBundle"/>; whether every configuration now trusts it.</summary>
    public async Task<bool> PublishAsync(string trustBundle, CancellationToken cancellationToken) =>
        await PublishToValidatingWebhooksAsync(trustBundle, cancellationToken) & await PublishToConversionAsync(trustBundle, cancellationToken);

    private async Task<bool> PublishToValidatingWebhooksAsync(string trustBundle, CancellationToken cancellationToken)
    {
        if (options.Value.ValidatingWebhookConfiguration is not { Length: > 0 } name)
        {
            return true;
        }

        if (await client.GetAsync<V1ValidatingWebhookConfiguration>(WebhookConfigurations, null, name, cancellationToken) is not { } configuration)
        {
            // Installed without it (a local run), or not yet: nothing calls this replica for it then.
            if (missingReported.Add(name))
            {
                LogConfigurationMissing("ValidatingWebhookConfiguration", name);
            }

            return true;
        }

        missingReported.Remove(name);
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
                patch.Add((JsonNode)new JsonObject
                {
                    ["op"] = "add",
                    ["path"] = $"/webhooks/{i}/clientConfig/caBundle",
                    ["value"] = Convert.ToBase64String(merged),
                });
            }
        }

        return patch.Count == 1
            || await PatchAsync(
                token => client.JsonPatchAsync<V1ValidatingWebhookConfiguration>(WebhookConfigurations, null, name, patch, token),
                "ValidatingWebhookConfiguration",
                name,
                cancellationToken);
    }

    /// <summary>The CRD's conversion webhook, when the CRD converts by webhook (a CRD of one version does not).</summary>
    private async Task<bool> PublishToConversionAsync(string trustBundle, CancellationToken cancellationToken)
    {
        if (options.Value.ConversionCustomResourceDefinition is not { Length: > 0 } name)
        {
            return true;
        }

        if (await client.GetAsync<V1CustomResourceDefinition>(CustomResourceDefinitions, null, name, cancellationToken) is not { } crd)
        {
            if (missingReported.Add(name))
            {
                LogConfigurationMissing("CustomResourceDefinition", name);
            }

            return true;
        }

        missingReported.Remove(name);
        if (crd.Spec.Conversion is not { Strategy: "Webhook", Webhook.ClientConfig: { } clientConfig }
            || CaBundles.Merge(clientConfig.CaBundle, trustBundle, time.GetUtcNow()) is not { } merged)
        {
            return true;
        }

        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = crd.Metadata.ResourceVersion },
            new JsonObject { ["op"] = "add", ["path"] = "/spec/conversion/webhook/clientConfig/caBundle", ["value"] = Convert.ToBase64String(merged) });
        return await PatchAsync(
            token => client.JsonPatchAsync<V1CustomResourceDefinition>(CustomResourceDefinitions, null, name, patch, token),
            "CustomResourceDefinition",
            name,
            cancellationToken);
    }

    private async Task<bool> PatchAsync(Func<CancellationToken, Task> patch, string kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            await patch(cancellationToken);
            LogPublished(kind, name);
            return true;
        }
        catch (KubernetesException e) when (e.Status?.Code is 409 or 422)
        {
            // Changed since it was read (the test operation failed): read it again at the next check.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Name} does not exist; its caBundle is published once it is installed")]
    private partial void LogConfigurationMissing(string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the webhook CA to the caBundle of {Kind} {Name}")]
    private partial void LogPublished(string kind, string name);
}
