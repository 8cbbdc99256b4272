using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>Pods on the other end of a network policy rule, chosen by namespace labels and/or pod labels.</summary>
[Description("Pods on the other end of a network policy rule: those matching podSelector in the namespaces matching namespaceSelector.")]
internal sealed class NetworkPeer
{
    [JsonPropertyName("namespaceSelector")]
    [Description("Labels a namespace must have. Omitted: the TodoApp's own namespace.")]
    public Dictionary<string, string>? NamespaceSelector { get; set; }

    [JsonPropertyName("podSelector")]
    [Description("Labels a pod must have. Omitted: every pod of the selected namespaces.")]
    public Dictionary<string, string>? PodSelector { get; set; }
}
