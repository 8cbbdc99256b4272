using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd;

/// <summary>How the API is exposed outside the cluster.</summary>
[Description("How the API is exposed outside the cluster.")]
internal sealed class IngressSpec
{
    [JsonPropertyName("enabled")]
    [Description("Whether an Ingress routes to the API.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("host")]
    [MaximumLength(253)]
    [Description("The DNS name the Ingress answers, e.g. 'todo.dev.example.com'. Required for TLS.")]
    public string? Host { get; set; }

    [JsonPropertyName("className")]
    [Description("The IngressClass that implements the Ingress.")]
    public string ClassName { get; set; } = "traefik";

    /// <summary>"/" or segments of URL-safe characters: the API takes it as its path base.</summary>
    public const string PathPattern = "^/([A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/?)?$";

    [JsonPropertyName("path")]
    [RegularExpression(PathPattern)]
    [Description("The path prefix routed to the API, e.g. '/' or '/todo'. The API is told it (Api__PathBase), so its page, its "
        + "routes and the URLs it hands out all live below it.")]
    public string Path { get; set; } = "/";

    [JsonPropertyName("trustedProxies")]
    [Description("IP addresses and CIDR networks the ingress controller's pods connect from: the API honours X-Forwarded-Proto, -Host "
        + "and -For only from them. Defaults to the private networks pod addresses come from; narrow it to your pod CIDR (k3s: 10.42.0.0/16).")]
    public IList<string> TrustedProxies { get; set; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    [JsonPropertyName("tls")]
    [Description("Serve HTTPS. The certificate comes from tls.secretName, issued by cert-manager when an issuer is set.")]
    public IngressTlsSpec? Tls { get; set; }
}
