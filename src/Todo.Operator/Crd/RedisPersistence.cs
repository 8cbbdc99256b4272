using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>How Redis persists data.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedisPersistence>))]
internal enum RedisPersistence
{
    [JsonStringEnumMemberName("AOF")]
    Aof,

    [JsonStringEnumMemberName("None")]
    None,
}
