using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>The persistent volume of Redis.</summary>
[Description("The persistent volume of Redis.")]
internal sealed class RedisStorageSpec
{
    /// <summary>Inside <see cref="QuantityGrammar"/>, whose digit bounds keep parsing and printing the size cheap.</summary>
    public const string QuantityPattern = @"^[0-9]{1,17}(\.[0-9]{1,9})?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    [JsonPropertyName("size")]
    [RegularExpression(QuantityPattern)]
    [Description("The requested volume size as a Kubernetes quantity, e.g. '1Gi'.")]
    public string Size { get; set; } = "1Gi";

    [JsonPropertyName("storageClassName")]
    [Description("The StorageClass of the volume; the cluster default when omitted.")]
    public string? StorageClassName { get; set; }
}
