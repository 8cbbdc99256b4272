using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Todo.Operator.Generation;

/// <summary>
/// What an unquoted YAML scalar means to Kubernetes: sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2), where
/// <c>~</c>, <c>null</c> and the empty scalar are null, <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> (any of their cases) and
/// <c>true</c>/<c>false</c> booleans, <c>0644</c> octal, <c>0x10</c> hex, <c>1_000</c> and <c>1e3</c> numbers; anything else is a
/// string. Timestamps stay strings too: Kubernetes reads them so, and Time fields take the string.
/// </summary>
internal static partial class YamlPlainScalar
{
    /// <summary>The JSON value of a plain scalar: null, a boolean, a number or the text as a string.</summary>
    public static JsonNode? Read(string text)
    {
        if (NullPattern().IsMatch(text))
        {
            return null;
        }

        if (TruePattern().IsMatch(text) || FalsePattern().IsMatch(text))
        {
            return JsonValue.Create(TruePattern().IsMatch(text));
        }

        if (SpecialFloatPattern().IsMatch(text))
        {
            throw new FormatException($"The YAML float {text} has no JSON form.");
        }

        var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
        return IntegerPattern().Match(digits) is { Success: true } integer
            ? Integer(integer.Groups["sign"].Value == "-", integer.Groups["digits"].Value, digits)
            : FloatPattern().IsMatch(digits)
                ? JsonValue.Create(double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture))
                : JsonValue.Create(text);
    }

    /// <summary>
    /// Whether the string, written unquoted, would be read back as something else by Kubernetes or by another YAML
    /// reader (YAML 1.1 sexagesimal <c>1:30</c>, the merge key <c>&lt;&lt;</c>, YAML 1.2's <c>0o17</c>, <c>.inf</c>).
    /// </summary>
    public static bool IsAmbiguous(string text) =>
        OtherReadersPattern().IsMatch(text)
        || SpecialFloatPattern().IsMatch(text)
        || Read(text) is not JsonValue value
        || value.GetValueKind() != System.Text.Json.JsonValueKind.String;

    private static JsonValue Integer(bool negative, string digits, string text)
    {
        var (radix, magnitude) = digits switch
        {
            ['0', 'x' or 'X', .. var hex] => (16, hex),
            ['0', 'o' or 'O', .. var octal] => (8, octal),
            ['0', 'b' or 'B', .. var binary] => (2, binary),
            ['0', _, ..] when digits.All(digit => digit is >= '0' and <= '7') => (8, digits[1..]),
            _ => (10, digits),
        };
        if (radix == 10)
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)
                ? JsonValue.Create(small)
                : JsonValue.Create(double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        var value = Convert.ToInt64(magnitude, radix);
        return JsonValue.Create(negative ? -value : value);
    }

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex TruePattern();

    [GeneratedRegex("^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex FalsePattern();

    [GeneratedRegex("^(?<sign>[-+]?)(?<digits>0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex SpecialFloatPattern();

    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|<<|=)$")]
    private static partial Regex OtherReadersPattern();
}
