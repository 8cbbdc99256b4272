using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Provides the webhook port's certificate on every replica, leader or not, from its start (before the informers sync:
/// the API server may need the conversion webhook to answer the informers' own lists). Each check reads the Secret and
/// serves what it holds. With <see cref="WebhookCertificateIssuer.Operator"/> it first issues the CA and certificate when
/// the Secret has none, renews them when due and keeps the caBundles current; a new CA is published before the Secret
/// that carries a certificate it signed is written, so the API server trusts every certificate a replica can serve.
/// Replicas need no coordination: the Secret is created once (409 for the others) and updated with a resourceVersion
/// precondition, and caBundles only ever gain a CA (<see cref="CaBundles"/>).
/// </summary>
internal sealed partial class WebhookCertificateService(
    IResourceClient client,
    ServingCertificate serving,
    CaBundlePublisher publisher,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookCertificateService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly ResourceType Secrets = ResourceType.Of<V1Secret>();

    private readonly string secretNamespace = options.Value.ResolvedNamespace();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.CheckInterval;
            try
            {
                if (await CheckAsync(stoppingToken) is { } nextRenewal)
                {
                    var untilRenewal = nextRenewal - time.GetUtcNow();
                    wait = untilRenewal < wait ? TimeSpan.FromTicks(Math.Max(untilRenewal.Ticks, FirstRetry.Ticks)) : wait;
                    retry = FirstRetry;
                }
                else
                {
                    wait = retry < wait ? retry : wait;
                    retry *= 2;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                WebhookMetrics.CertificateErrors.WithLabels("check").Inc();
                LogCheckFailed(e, retry);
                wait = retry < wait ? retry : wait;
                retry *= 2;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One check; when the Secret's content is next due for renewal, or null when the check should be repeated soon.</summary>
    private async Task<DateTimeOffset?> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var secret = await ReadAsync(cancellationToken);
        var settled = true;
        if (settings.CertificateIssuer is WebhookCertificateIssuer.Operator
            && CertificateRenewal.Renew(secret?.Data, settings.CertificateNames(), settings.CertificateLifetime, settings.AuthorityLifetime, time.GetUtcNow()) is { } renewed)
        {
            // The CA first: no replica may serve a certificate the API server does not trust yet. Until it is published
            // the Secret keeps what it holds, which is still served.
            if (await TryPublishAsync(TrustBundle(renewed), cancellationToken) && await WriteAsync(secret, renewed, cancellationToken) is { } written)
            {
                secret = written;
                LogIssued(secretNamespace, settings.SecretName);
            }
            else
            {
                settled = false;
            }
        }

        if (secret is null)
        {
            LogSecretMissing(secretNamespace, settings.SecretName);
            return null;
        }

        if (serving.Load(secret.Metadata.ResourceVersion, secret.Data))
        {
            if (serving.Current is { } certificate)
            {
                LogLoaded(secretNamespace, settings.SecretName, certificate.NotAfter);
            }
            else
            {
                LogUnusable(secretNamespace, settings.SecretName);
            }
        }

        // A caBundle reset or pruned meanwhile is repaired; a failure here never stops the replica serving what it has.
        if (settings.CertificateIssuer is WebhookCertificateIssuer.Operator && !await TryPublishAsync(TrustBundle(secret.Data), cancellationToken))
        {
            settled = false;
        }

        return serving.Current is null || !settled ? null : CertificateRenewal.NextRenewal(secret.Data) ?? time.GetUtcNow() + settings.CheckInterval;
    }

    private async Task<bool> TryPublishAsync(string trustBundle, CancellationToken cancellationToken)
    {
        try
        {
            return await publisher.PublishAsync(trustBundle, cancellationToken);
        }
        catch (Exception e) when (e is KubernetesException or HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            WebhookMetrics.CertificateErrors.WithLabels("publish").Inc();
            LogPublishFailed(e);
            return false;
        }
    }

    private Task<V1Secret?> ReadAsync(CancellationToken cancellationToken) =>
        client.GetAsync<V1Secret>(Secrets, options.Value.ResolvedNamespace(), options.Value.SecretName, cancellationToken);

    /// <summary>Creates the Secret or updates the one read; null when another replica changed it first.</summary>
    private async Task<V1Secret?> WriteAsync(V1Secret? current, Dictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            if (current is null)
            {
                return await client.CreateAsync(
                    Secrets,
                    new V1Secret
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = settings.SecretName,
                            NamespaceProperty = secretNamespace,
                            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "todo-operator", ["app.kubernetes.io/component"] = "webhook" },
                        },
                        Type = WebhookCertificateSecret.Type,
                        Data = data,
                    },
                    cancellationToken);
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
                ["data"] = new JsonObject(data.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)Convert.ToBase64String(entry.Value)))),
            };
            return await client.MergePatchAsync<V1Secret>(Secrets, secretNamespace, settings.SecretName, patch, null, cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is 409)
        {
            return null;
        }
    }

    private static string TrustBundle(IDictionary<string, byte[]>? data) =>
        WebhookCertificateSecret.Text(data, WebhookCertificateSecret.TrustBundle) ?? string.Empty;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the webhook certificate failed; trying again in {Retry}")]
    private partial void LogCheckFailed(Exception exception, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the webhook CA to a caBundle failed; trying again at the next check")]
    private partial void LogPublishFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a webhook certificate into Secret {Namespace}/{Name}")]
    private partial void LogIssued(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Secret {Namespace}/{Name} with the webhook certificate does not exist yet; the webhook port cannot serve")]
    private partial void LogSecretMissing(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the webhook certificate of Secret {Namespace}/{Name}, valid until {NotAfter:O}")]
    private partial void LogLoaded(string @namespace, string name, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Secret {Namespace}/{Name} holds no usable certificate and key (tls.crt, tls.key); the webhook port cannot serve")]
    private partial void LogUnusable(string @namespace, string name);
}
