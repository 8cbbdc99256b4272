using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// cert-manager's Certificate (cert-manager.io/v1), reduced to the fields the operator sets: KubernetesClient ships no model
/// for it. Fields it leaves out are kept by the API server as others set them.
/// </summary>
[KubernetesEntity(Group = "cert-manager.io", ApiVersion = "v1", Kind = "Certificate", PluralName = "certificates")]
internal sealed class V1Certificate : IKubernetesObject<V1ObjectMeta>, ISpec<V1CertificateSpec>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "cert-manager.io/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Certificate";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public V1CertificateSpec Spec { get; set; } = new();
}

/// <summary>What to issue, by whom, and into which Secret.</summary>
internal sealed class V1CertificateSpec
{
    [JsonPropertyName("secretName")]
    public string SecretName { get; set; } = "";

    /// <summary>Labels cert-manager puts on the Secret: the operator's, so that its Secret watch sees it.</summary>
    [JsonPropertyName("secretTemplate")]
    public V1CertificateSecretTemplate? SecretTemplate { get; set; }

    [JsonPropertyName("commonName")]
    public string? CommonName { get; set; }

    [JsonPropertyName("dnsNames")]
    public IList<string> DnsNames { get; set; } = [];

    [JsonPropertyName("ipAddresses")]
    public IList<string>? IpAddresses { get; set; }

    [JsonPropertyName("usages")]
    public IList<string>? Usages { get; set; }

    [JsonPropertyName("privateKey")]
    public V1CertificatePrivateKey? PrivateKey { get; set; }

    [JsonPropertyName("issuerRef")]
    public V1CertificateIssuerReference IssuerRef { get; set; } = new();
}

internal sealed class V1CertificateSecretTemplate
{
    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }
}

internal sealed class V1CertificatePrivateKey
{
    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("size")]
    public int? Size { get; set; }

    /// <summary>Always: a renewed certificate gets a new key.</summary>
    [JsonPropertyName("rotationPolicy")]
    public string? RotationPolicy { get; set; }
}

internal sealed class V1CertificateIssuerReference
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("group")]
    public string? Group { get; set; }
}
