using System.Text.RegularExpressions;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>The metric names a PromQL expression (or a Grafana query) selects.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
    [
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan",
    ];

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        // Strings, label matchers, ranges and grouping label lists name no metric.
        var stripped = Strings().Replace(expression, " ");
        stripped = Braces().Replace(stripped, " ");
        stripped = Brackets().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        return Identifiers().Matches(stripped)
            .Where(match => !Keywords.Contains(match.Value.ToLowerInvariant()))
            // A function or aggregation is followed by its argument list; a Grafana variable starts with $.
            .Where(match => !FollowedByParenthesis(stripped, match.Index + match.Length))
            .Where(match => match.Index == 0 || stripped[match.Index - 1] != '$')
            .Select(match => match.Value)
            .ToHashSet();
    }

    private static bool FollowedByParenthesis(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index < text.Length && text[index] == '(';
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
