using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Todo.Operator.Generation;

/// <summary>
/// JSON written as block YAML through YamlDotNet's emitter (no reflection). A string that would read back as another
/// type (<c>"true"</c>, <c>"1"</c>, <c>""</c>, <c>"null"</c>, <c>"on"</c>) or holds fragile whitespace is double-quoted, a
/// string with line breaks is a literal block, and the emitter quotes any other string that cannot stand plain
/// (<c>a: b</c>, <c>#x</c>, <c>- x</c>).
/// </summary>
internal static class JsonToYaml
{
    public static string Write(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, bestIndent: 2, bestWidth: int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Write(emitter, document.RootElement);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Write(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var empty = !element.EnumerateObject().Any();
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, empty ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    String(emitter, property.Name);
                    Write(emitter, property.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                String(emitter, element.GetString() ?? string.Empty);
                break;
            default:
                // Numbers as JSON wrote them, true, false, null: YAML reads each plain as the same value.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static void String(IEmitter emitter, string value)
    {
        var style = YamlPlainScalar.IsAmbiguous(value) || HasFragileWhitespace(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: style == ScalarStyle.Any, isQuotedImplicit: true));
    }

    /// <summary>
    /// Tabs, carriage returns and spaces at the end of a line: left bare, some readers reject them (PyYAML a tab in a
    /// plain scalar) and editors strip or convert them; escaped in double quotes they survive.
    /// </summary>
    private static bool HasFragileWhitespace(string value) =>
        value.Contains('\t', StringComparison.Ordinal)
        || value.Contains('\r', StringComparison.Ordinal)
        || value.Split('\n').Any(line => line.EndsWith(' '));
}
