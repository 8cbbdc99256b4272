using System.Diagnostics.CodeAnalysis;
using System.Security.Authentication;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// The webhook server: an HTTPS port of its own (<see cref="WebhookOptions.Port"/>) beside the probe and metrics ports,
/// its certificate from <see cref="WebhookCertificateService"/>, and validating and conversion webhooks mapped on it by path. It does not
/// depend on leadership or on the informers: every replica answers as soon as it has a certificate.
/// </summary>
public static class WebhookServer
{
    public static IServiceCollection AddWebhookServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        if (!(configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions()).Enabled)
        {
            return services;
        }

        services.AddSingleton<ServingCertificate>();
        services.AddSingleton<CaBundlePublisher>();
        services.AddHostedService<WebhookCertificateService>();
        services.AddHealthChecks().AddCheck<WebhookCertificateHealthCheck>("webhook-certificate", tags: [ProbeEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>Adds the HTTPS port; call after <see cref="ProbeEndpoints.ListenOnOperatorPorts"/>, which binds the others.</summary>
    public static void ListenOnWebhookPort(this IWebHostBuilder webHost, WebhookOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        webHost.ConfigureKestrel(kestrel =>
        {
            var serving = kestrel.ApplicationServices.GetRequiredService<ServingCertificate>();
            kestrel.ListenAnyIP(options.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => serving.Current,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }));
        });
    }

    /// <summary>A validating webhook for <typeparamref name="T"/> at <paramref name="path"/> of the webhook port, answered by <typeparamref name="TValidator"/>.</summary>
    public static IEndpointRouteBuilder MapValidatingWebhook<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this IEndpointRouteBuilder endpoints, string path)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TValidator : IAdmissionValidator<T>
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var endpoint = new ValidatingWebhookEndpoint<T>(
            path,
            ActivatorUtilities.CreateInstance<TValidator>(endpoints.ServiceProvider),
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ValidatingWebhookEndpoint<>).FullName!));
        endpoints.MapPost(path, endpoint.HandleAsync).WithMetadata(new LocalPortMetadata(options.Port));
        return endpoints;
    }

    /// <summary>The conversion webhook of a CRD at <paramref name="path"/> of the webhook port, answered by <typeparamref name="TConversion"/>.</summary>
    public static IEndpointRouteBuilder MapConversionWebhook<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TConversion>(this IEndpointRouteBuilder endpoints, string path)
        where TConversion : IObjectConversion
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var endpoint = new ConversionWebhookEndpoint(
            path,
            ActivatorUtilities.CreateInstance<TConversion>(endpoints.ServiceProvider),
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<ConversionWebhookEndpoint>());
        endpoints.MapPost(path, endpoint.HandleAsync).WithMetadata(new LocalPortMetadata(options.Port));
        return endpoints;
    }
}
