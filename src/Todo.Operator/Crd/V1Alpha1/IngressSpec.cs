using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>How the API is exposed outside the cluster.</summary>
[Description("How the API is exposed outside the cluster.")]
internal sealed class IngressSpec
{
    [JsonPropertyName("enabled")]
    [Description("Whether an Ingress routes to the API.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("host")]
    [MaxLength(253)]
    [Description("The DNS name the Ingress answers, e.g. 'todo.dev.example.com'. Required for TLS.")]
    public string? Host { get; set; }

    [JsonPropertyName("className")]
    [Description("The IngressClass that implements the Ingress.")]
    public string ClassName { get; set; } = "traefik";

    [JsonPropertyName("path")]
    [RegularExpression("^/.*$")]
    [Description("The path prefix routed to the API.")]
    public string Path { get; set; } = "/";

    [JsonPropertyName("tls")]
    [Description("Serve HTTPS. The certificate comes from tls.secretName, issued by cert-manager when an issuer is set.")]
    public IngressTlsSpec? Tls { get; set; }
}
