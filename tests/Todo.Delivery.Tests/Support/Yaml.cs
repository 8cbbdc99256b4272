using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Todo.Delivery.Tests.Support;

/// <summary>
/// YAML read as Kubernetes reads it: every document of a stream as JSON, plain scalars typed by the YAML 1.2 core
/// schema (<c>3</c> a number, <c>true</c> a boolean, <c>~</c> null), quoted scalars always strings.
/// </summary>
internal static partial class Yaml
{
    public static IReadOnlyList<JsonObject> ReadDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => ToJson(document.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static IReadOnlyList<JsonObject> ReadFile(string path) => ReadDocuments(File.ReadAllText(path));

    public static JsonObject ReadSingle(string path) => Assert.Single(ReadFile(path));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
