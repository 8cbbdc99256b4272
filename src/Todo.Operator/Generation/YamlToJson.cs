using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Todo.Operator.Generation;

/// <summary>
/// The documents of a YAML stream as JSON, as kubectl reads them: plain scalars typed as Kubernetes types them
/// (<see cref="YamlPlainScalar"/>), quoted and block scalars strings, mapping keys strings. Built on YamlDotNet's
/// representation model (no reflection).
/// </summary>
internal static class YamlToJson
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Every document of the stream; an empty document (a stray <c>---</c>) is null.</summary>
    public static IReadOnlyList<JsonNode?> Documents(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return [.. stream.Documents.Select(document => Node(document.RootNode))];
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Object(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"A {node.NodeType} node has no JSON form."),
    };

    private static JsonObject Object(YamlMappingNode mapping)
    {
        var json = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: var text } ? text ?? string.Empty
                : throw new YamlException(key.Start, key.End, "A JSON object's keys are strings; this key is a collection.");
            if (!json.TryAdd(name, Node(value)))
            {
                throw new YamlException(key.Start, key.End, $"The key '{name}' is defined twice.");
            }
        }

        return json;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tagged = !scalar.Tag.IsEmpty;
        return scalar.Style != ScalarStyle.Plain || (tagged && scalar.Tag.Value == StringTag)
            ? JsonValue.Create(text)
            : YamlPlainScalar.Read(text);
    }
}
