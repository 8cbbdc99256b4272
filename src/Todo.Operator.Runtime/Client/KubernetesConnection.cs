using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Authentication;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// The HTTP connection to the API server that a <see cref="KubernetesClientConfiguration"/> describes (address, TLS trust,
/// client certificate, credentials), set up as KubernetesClient's <c>Kubernetes</c> sets up its own. Not that class
/// itself: constructing one touches KubernetesClient's serializer settings, which keep the generated metadata of every
/// Kubernetes model in the native executable (about 11 MB of it), where <see cref="ModelJson"/> holds only the kinds the
/// operator uses.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    private readonly SocketsHttpHandler handler;

    public KubernetesConnection(KubernetesClientConfiguration config, params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Host))
        {
            throw new ArgumentException("The Kubernetes configuration names no API server (host).", nameof(config));
        }

        BaseUri = new Uri(config.Host);
        handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.ClientCertificates = [];
        config.FirstMessageHandlerSetup?.Invoke(handler);
        if (BaseUri.Scheme == Uri.UriSchemeHttps)
        {
            ConfigureTls(config);
        }

        HttpClient = new HttpClient(Chain(handlers), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(config.UserAgent))
        {
            HttpClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", config.UserAgent);
        }

        Credentials = Kubernetes.CreateCredentials(config);
    }

    public Uri BaseUri { get; }

    /// <summary>Without a timeout of its own: watches stay open; each request is bounded by its caller.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>What each request is signed with (a bearer token, refreshed by its provider, or basic credentials), if anything.</summary>
    public ServiceClientCredentials? Credentials { get; }

    /// <summary>The connection KUBERNETES_SERVICE_HOST (in a pod), KUBECONFIG or ~/.kube/config describes.</summary>
    public static KubernetesConnection FromDefaultConfig() => new(KubernetesClientConfiguration.BuildDefaultConfig());

    public void Dispose()
    {
        HttpClient.Dispose();
        handler.Dispose();
    }

    [SuppressMessage("Security", "CA5359", Justification = "Only when the kubeconfig says insecure-skip-tls-verify, as KubernetesClient does.")]
    private void ConfigureTls(KubernetesClientConfiguration config)
    {
        if (config.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.SslCaCerts is { } trusted)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                certificate is not null && chain is not null && Kubernetes.CertificateValidationCallBack(sender, trusted, certificate, chain, errors);
        }

        if (ClientCertificate(config) is { } clientCert)
        {
            handler.SslOptions.ClientCertificates!.Add(clientCert);
            // As KubernetesClient does: the handler would otherwise keep choosing a certificate it cached.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCert;
        }
    }

    /// <summary>The client certificate and key of the kubeconfig (inline or in files; a file wins), as KubernetesClient reads them.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        var certificate = Pem(config.ClientCertificateFilePath, config.ClientCertificateData);
        var key = Pem(config.ClientKeyFilePath, config.ClientCertificateKeyData);
        return certificate is null || key is null ? null : X509Certificate2.CreateFromPem(certificate, key);
    }

    private static string? Pem(string? path, string? base64) =>
        !string.IsNullOrWhiteSpace(path) ? File.ReadAllText(path)
        : !string.IsNullOrWhiteSpace(base64) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64))
        : null;

    private HttpMessageHandler Chain(DelegatingHandler[] handlers)
    {
        HttpMessageHandler first = handler;
        for (var i = handlers.Length - 1; i >= 0; i--)
        {
            var last = handlers[i];
            while (last.InnerHandler is DelegatingHandler inner)
            {
                last = inner;
            }

            last.InnerHandler = first;
            first = handlers[i];
        }

        return first;
    }
}
