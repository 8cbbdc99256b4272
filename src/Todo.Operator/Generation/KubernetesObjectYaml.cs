using System.Text.Json.Nodes;
using k8s;

namespace Todo.Operator.Generation;

/// <summary>
/// Kubernetes objects as YAML and back, through the JSON the API server takes (<see cref="KubernetesJson"/>), as kubectl
/// and sigs.k8s.io/yaml do: YAML is another spelling of that JSON. YamlDotNet's parser and emitter do the YAML, not its
/// reflection-based serializer, so this works in a Native AOT build, where KubernetesClient.Aot keeps its KubernetesYaml internal.
/// </summary>
internal static class KubernetesObjectYaml
{
    /// <summary>The object as one YAML document, its fields in the order of its JSON.</summary>
    public static string Serialize(object value) => JsonToYaml.Write(KubernetesJson.Serialize(value));

    /// <summary>JSON (a kubeconfig, an unstructured object) as one YAML document.</summary>
    public static string Serialize(JsonNode json) => JsonToYaml.Write(json.ToJsonString());

    /// <summary>The one document of <paramref name="yaml"/> as <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(string yaml) => Load(yaml).To<T>();

    /// <summary>The one document of <paramref name="yaml"/>; more or none is an error.</summary>
    public static KubernetesObjectDocument Load(string yaml)
    {
        var documents = LoadAll(yaml);
        return documents.Count == 1 ? documents[0] : throw new FormatException($"Expected one YAML document, found {documents.Count}.");
    }

    /// <summary>Every non-empty document of a YAML stream (such as a multi-document manifest), in order.</summary>
    public static IReadOnlyList<KubernetesObjectDocument> LoadAll(string yaml) =>
    [
        .. YamlToJson.Documents(yaml).OfType<JsonNode>().Select(json => json is JsonObject document
            ? new KubernetesObjectDocument(document)
            : throw new FormatException($"A YAML document is a {json.GetValueKind()}, not an object.")),
    ];
}

/// <summary>One document of a YAML stream: its JSON, what kind of object it says it is, and the object.</summary>
internal sealed record KubernetesObjectDocument(JsonObject Json)
{
    public string? ApiVersion => (string?)Json["apiVersion"];

    public string? Kind => (string?)Json["kind"];

    public T To<T>() => KubernetesJson.Deserialize<T>(Json.ToJsonString());
}
