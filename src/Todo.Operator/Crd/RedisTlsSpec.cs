using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>TLS for Redis, replication and Sentinel, with mutual authentication: every client presents the app's certificate.</summary>
[Description("TLS for Redis, its replication and its Sentinels (both modes). Plain-text connections are refused, and so is every client "
    + "without a certificate from the app's CA.")]
internal sealed class RedisTlsSpec
{
    [JsonPropertyName("enabled")]
    [Description("Serve Redis and the Sentinels over TLS only. Turning it on or off restarts Redis and the API together: a short outage.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("issuerRef")]
    [Description("A cert-manager issuer that issues the certificate. Without it the operator makes a CA for the app and "
        + "renews the certificate, and later the CA, itself.")]
    public RedisTlsIssuerReference? IssuerRef { get; set; }
}
