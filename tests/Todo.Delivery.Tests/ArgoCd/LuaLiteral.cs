using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>A JSON value written as a Lua 5.1 expression, decoded as ArgoCD decodes objects for its Lua scripts.</summary>
internal static class LuaLiteral
{
    public static string From(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("nil");
                break;
            case JsonObject obj:
                text.Append('{');
                foreach (var (key, value) in obj.Where(pair => pair.Value is not null))
                {
                    text.Append('[');
                    WriteString(key, text);
                    text.Append("]=");
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('{');
                foreach (var item in array)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String:
                WriteString(value.GetValue<string>(), text);
                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.Number:
                text.Append(value.ToJsonString());
                break;
            case JsonValue value:
                text.Append(value.GetValue<bool>() ? "true" : "false");
                break;
        }
    }

    /// <summary>
    /// A quoted Lua string: every byte that is not printable ASCII as a three-digit decimal escape (Lua reads up to three
    /// digits, so <c>\34</c> before a digit would swallow it: <c>"0.1.0"</c> became the invalid <c>\340</c>).
    /// </summary>
    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and < 0x7f && b != '"' && b != '\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }

        text.Append('"');
    }
}
