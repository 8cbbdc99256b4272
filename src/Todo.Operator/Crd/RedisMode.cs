using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>How Redis is served: one pod, or a primary with replicas that Sentinel fails over.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedisMode>))]
internal enum RedisMode
{
    [JsonStringEnumMemberName("Standalone")]
    Standalone,

    [JsonStringEnumMemberName("Sentinel")]
    Sentinel,
}
