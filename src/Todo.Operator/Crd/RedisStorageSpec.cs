using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Crd;

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

    [JsonPropertyName("whenDeleted")]
    [Description("What happens to the volume, and so to every todo, when the TodoApp is deleted: Retain (the default) keeps the "
        + "PersistentVolumeClaim, Delete deletes it with the TodoApp.")]
    public RedisDataRetention WhenDeleted { get; set; } = RedisDataRetention.Retain;

    [JsonPropertyName("adoptExistingClaim")]
    [Description("Whether Redis may use a PersistentVolumeClaim that an earlier TodoApp of the same name left behind (or that was "
        + "made by hand), with the data in it. Without it the operator refuses to start Redis on another app's data.")]
    public bool AdoptExistingClaim { get; set; }
}
