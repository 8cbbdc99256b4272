using System.Text;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Generation;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The TodoApp conversion webhook for the test clusters, as controller-runtime's envtest runs it: the operator's own
/// conversion code (<see cref="TodoAppConversion"/> behind the runtime's endpoint) on a loopback port of the test process,
/// with a certificate of a CA of its own, for the whole test run. The CRD the tests install (<see cref="TodoAppCrd"/>)
/// sends its conversion reviews here instead of to the Service of config/crd, which has no pods here. Tests of the
/// operator's own serving of the webhook (conversion and upgrade tests) run it in a control plane of their own.
/// </summary>
internal static class TestConversionWebhook
{
    private static readonly Lazy<Task<Endpoint>> Server = new(StartAsync);

    /// <summary>config/crd's CRD with its conversion webhook sent to this process, trusting its CA.</summary>
    public static async Task<string> RewriteAsync(string crdYaml)
    {
        var endpoint = await Server.Value;
        var crd = KubernetesObjectYaml.Deserialize<V1CustomResourceDefinition>(crdYaml);
        crd.Spec.Conversion.Webhook.ClientConfig = new Apiextensionsv1WebhookClientConfig
        {
            Url = $"https://127.0.0.1:{endpoint.Port}{crd.Spec.Conversion.Webhook.ClientConfig.Service.Path}",
            CaBundle = Encoding.UTF8.GetBytes(endpoint.CaBundle),
        };
        return KubernetesObjectYaml.Serialize(crd);
    }

    private static async Task<Endpoint> StartAsync()
    {
        var options = new WebhookOptions { Port = OperatorProcess.FreePort(), ExtraNames = "127.0.0.1", Namespace = "tests" };
        var secret = CertificateRenewal.Renew(null, options.CertificateNames(), TimeSpan.FromDays(1), TimeSpan.FromDays(2), DateTimeOffset.UtcNow)!;
        var serving = new ServingCertificate();
        serving.Load("1", secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPortBoundEndpoints();
        builder.Services.AddSingleton(serving);
        builder.Services.AddSingleton(Options.Create(options));
        builder.WebHost.ListenOnWebhookPort(options);
        var app = builder.Build();
        app.MapConversionWebhook<TodoAppConversion>(TodoAppConversion.Path);
        await app.StartAsync(CancellationToken.None);
        return new Endpoint(options.Port, WebhookCertificateSecret.Text(secret, WebhookCertificateSecret.TrustBundle)!);
    }

    private sealed record Endpoint(int Port, string CaBundle);
}
