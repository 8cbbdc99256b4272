using System.Text.RegularExpressions;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>The TodoApps of config/samples, applied with kubectl into a test namespace (optionally renamed).</summary>
internal static class Samples
{
    public const string Dev = "todoapp-dev.yaml";
    public const string Staging = "todoapp-staging.yaml";

    /// <summary>
    /// Applies <paramref name="sample"/> in <paramref name="namespace"/> as <paramref name="name"/> (default: its own name),
    /// after <paramref name="edit"/> where a test needs a field the sample leaves out.
    /// </summary>
    public static async Task ApplyAsync(
        ControlPlaneFixture cluster, string sample, string @namespace, string? name, CancellationToken cancellationToken, Func<string, string>? edit = null)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "samples", sample), cancellationToken);
        yaml = edit?.Invoke(yaml) ?? yaml;
        yaml = ReplaceMetadataField(yaml, "namespace", @namespace, sample);
        if (name is not null)
        {
            yaml = ReplaceMetadataField(yaml, "name", name, sample);
        }

        var copy = Path.Combine(Path.GetTempPath(), $"{@namespace}-{name ?? "sample"}-{sample}");
        await File.WriteAllTextAsync(copy, yaml, cancellationToken);
        try
        {
            await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["apply", "-f", copy], cancellationToken);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Rewrites <c>metadata.field</c>: the samples' only two-space-indented line with that key.</summary>
    private static string ReplaceMetadataField(string yaml, string field, string value, string sample)
    {
        var pattern = new Regex($"^  {field}: .*$", RegexOptions.Multiline);
        return pattern.Count(yaml) == 1
            ? pattern.Replace(yaml, $"  {field}: {value}")
            : throw new InvalidOperationException($"{sample}: expected exactly one 'metadata.{field}' line to rewrite.");
    }
}
