using System.Text.Json.Nodes;
using Todo.Operator.IntegrationTests.Operator;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// Everything ArgoCD would apply from gitops/ is accepted by a real API server (server-side apply, dry run), with the
/// CRDs of the TodoApp, ArgoCD, Sealed Secrets and the Prometheus operator installed, and comes back with every field
/// it was sent: a misspelt or unknown field is pruned by the server's schema, which this test reports.
/// </summary>
public sealed class GitOpsDryRunTests(GitOpsControlPlane cluster) : IClassFixture<GitOpsControlPlane>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> Paths() => [.. Kustomizations.Applied];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_object_is_accepted_by_the_API_server_with_every_field(string path)
    {
        await TodoAppCrd.EnsureInstalledAsInConfigAsync(cluster);
        await ThirdPartyCrds.EnsureInstalledAsync(cluster);
        var objects = await Kustomizations.RenderAsync(cluster, path, Cancellation);
        Assert.NotEmpty(objects);
        await DryRun.EnsureNamespacesAsync(cluster, objects, Cancellation);

        var problems = new List<string>();
        foreach (var obj in objects)
        {
            try
            {
                var returned = await DryRun.ApplyAsync(cluster, obj, Cancellation);
                problems.AddRange(DryRun.LostFields(obj, returned).Select(field => $"{Describe(obj)}: the API server dropped {field}"));
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{Describe(obj)}: {e.Message}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_kustomization_under_gitops_is_checked()
    {
        var root = RepositoryRoot.Path;
        var kustomizations = Directory.GetFiles(Path.Combine(root, "gitops"), "kustomization.yaml", SearchOption.AllDirectories)
            .Where(file => !File.ReadAllText(file).Contains("kind: Component", StringComparison.Ordinal))
            .Where(file => Path.GetFileName(Path.GetDirectoryName(file)) != "base")
            .Select(file => Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Kustomizations.Applied.Concat(Kustomizations.Remote).Order(StringComparer.Ordinal), kustomizations);
    }

    [Fact]
    public void The_sent_object_keeps_every_field_that_the_server_returned()
    {
        var sent = JsonNode.Parse("""{"spec":{"a":1,"list":[{"b":2}],"typo":3}}""");
        var returned = JsonNode.Parse("""{"spec":{"a":1,"list":[{"b":2,"default":4}]},"status":{}}""");

        Assert.Equal([".spec.typo"], DryRun.LostFields(sent, returned));
    }

    private static string Describe(JsonObject obj) =>
        $"{obj["kind"]} {obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty}/{obj["metadata"]?["name"]}";
}
