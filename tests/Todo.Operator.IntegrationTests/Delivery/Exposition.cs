namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>The metric names a /metrics page (Prometheus text format) exports: its samples and its families.</summary>
internal static class Exposition
{
    private static readonly string[] HistogramSeries = ["_bucket", "_sum", "_count"];

    public static IReadOnlySet<string> Names(string page)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in page.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal) && line.Split(' ') is [_, _, var family, var type, ..])
            {
                // A family is exported even before its first labelled sample, e.g. an error counter that never counted.
                names.Add(family);
                if (type is "histogram" or "summary")
                {
                    names.UnionWith(HistogramSeries.Select(suffix => family + suffix));
                }
            }
            else if (!line.StartsWith('#'))
            {
                names.Add(line[..line.IndexOfAny(['{', ' '])]);
            }
        }

        return names;
    }
}
