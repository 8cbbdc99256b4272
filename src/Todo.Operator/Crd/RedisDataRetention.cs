using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>What happens to the Redis volume when its TodoApp is deleted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedisDataRetention>))]
internal enum RedisDataRetention
{
    [JsonStringEnumMemberName("Retain")]
    Retain,

    [JsonStringEnumMemberName("Delete")]
    Delete,
}
