using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>A node that holds more than one data pod, or more than one Sentinel, of the app.</summary>
[Description("A node that holds more than one data pod or more than one Sentinel of the app: losing that node loses each of them at once.")]
internal sealed record RedisSharedNode
{
    [JsonPropertyName("node")]
    [Description("The node's name (spec.nodeName of its pods).")]
    public string Node { get; init; } = string.Empty;

    [JsonPropertyName("dataPods")]
    [Description("The data pods on the node, by name, when there are two or more: copies of the data lost together with the node. Absent when it holds at most one.")]
    public IList<string>? DataPods { get; init; }

    [JsonPropertyName("sentinels")]
    [Description("The Sentinels on the node, by name, when there are two or more: votes lost together with the node. Absent when it holds at most one.")]
    public IList<string>? Sentinels { get; init; }
}
