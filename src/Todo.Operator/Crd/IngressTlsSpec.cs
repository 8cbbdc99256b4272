using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>HTTPS for the Ingress.</summary>
[Description("HTTPS for the Ingress.")]
internal sealed class IngressTlsSpec
{
    [JsonPropertyName("secretName")]
    [Description("The Secret holding the certificate; defaults to '<name>-tls'. cert-manager writes it when an issuer is set.")]
    public string? SecretName { get; set; }

    [JsonPropertyName("clusterIssuer")]
    [Description("A cert-manager ClusterIssuer that issues the certificate (sets the cert-manager.io/cluster-issuer annotation).")]
    public string? ClusterIssuer { get; set; }

    [JsonPropertyName("issuer")]
    [Description("A cert-manager Issuer in the namespace that issues the certificate (sets the cert-manager.io/issuer annotation).")]
    public string? Issuer { get; set; }
}
