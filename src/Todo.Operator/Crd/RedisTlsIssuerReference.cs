using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>The cert-manager issuer of Redis' certificate: cert-manager's own ObjectReference.</summary>
[Description("A cert-manager Issuer (in the TodoApp's namespace) or ClusterIssuer.")]
internal sealed class RedisTlsIssuerReference
{
    [JsonPropertyName("name")]
    [Required]
    [Description("The issuer's name.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("kind")]
    [Description("Issuer (the default) or ClusterIssuer.")]
    public string Kind { get; set; } = "Issuer";

    [JsonPropertyName("group")]
    [Description("The issuer's API group; cert-manager.io by default (external issuers have their own).")]
    public string Group { get; set; } = "cert-manager.io";
}
