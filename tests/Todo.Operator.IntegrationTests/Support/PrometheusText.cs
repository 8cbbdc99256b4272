using System.Globalization;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>Reads samples out of the Prometheus text exposition format.</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> carrying all of <paramref name="labels"/>.</summary>
    public static double Sum(string exposition, string metric, params IReadOnlyList<(string Name, string Value)> labels) =>
        exposition
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#') && NameOf(line) == metric)
            .Where(line => labels.All(label => line.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static string NameOf(string line) => line[..line.IndexOfAny(['{', ' '])];
}
