using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>Where the Redis password comes from.</summary>
[Description("Where the Redis password comes from.")]
internal sealed class RedisPasswordSpec
{
    [JsonPropertyName("existingSecret")]
    [Description("A Secret in the TodoApp's namespace that holds the password (e.g. one produced by a SealedSecret).")]
    public SecretKeyReference? ExistingSecret { get; set; }
}
