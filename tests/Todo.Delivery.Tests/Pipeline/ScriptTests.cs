using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>
/// The scripts of the pipeline and the GitOps folder: shellcheck clean, yamllint clean, and the image bump and
/// promotion change exactly what ArgoCD then renders (run on a copy of the repository's gitops/ and config/).
/// </summary>
public sealed class ScriptTests : IDisposable
{
    private static readonly string[] ScriptFolders = ["hack/gitops", "hack/ci", "hack/k3d"];

    private readonly string copy = Directory.CreateTempSubdirectory("todo-gitops-").FullName;

    public ScriptTests()
    {
        foreach (var folder in new[] { "gitops", "config" })
        {
            CopyFolder(RepositoryRoot.Combine(folder), Path.Combine(copy, folder));
        }
    }

    [Fact]
    public async Task The_delivery_scripts_pass_shellcheck()
    {
        var scripts = ScriptFolders
            .SelectMany(folder => Directory.GetFiles(RepositoryRoot.Combine(folder), "*.sh"))
            .Append(RepositoryRoot.Combine("hack", "lib", "gitops.sh"))
            .ToList();
        Assert.True(scripts.Count >= 9, string.Join(", ", scripts));

        (await ExternalTool.RunAsync("shellcheck", ["--external-sources", "--source-path=SCRIPTDIR", "--severity=style", .. scripts])).AssertSucceeded();
    }

    [Fact]
    public async Task The_YAML_of_the_pipeline_the_GitOps_folder_and_the_install_passes_yamllint()
    {
        (await ExternalTool.RunAsync("yamllint", ["--strict", "--format", "parsable", ".github", "gitops", "config", "hack/k3d", ".yamllint.yaml"])).AssertSucceeded();
    }

    [Fact]
    public async Task The_dev_bump_sets_the_image_ArgoCD_renders()
    {
        await RunAsync("set-image.sh", "dev", "ghcr.io/some-org/todo-api", "0123456789abcdef0123456789abcdef01234567");

        var app = Kustomize.Single(await RenderCopyAsync("gitops/environments/dev"), "TodoApp");
        Assert.Equal("ghcr.io/some-org/todo-api", app["spec"]!["image"]!["repository"]!.GetValue<string>());
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", app["spec"]!["image"]!["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_operator_bump_sets_the_Deployments_image()
    {
        await RunAsync("set-image.sh", "operator", "ghcr.io/some-org/todo-operator", "abc1234");

        var deployment = Kustomize.Single(await RenderCopyAsync("gitops/operator"), "Deployment");
        Assert.Equal("ghcr.io/some-org/todo-operator:abc1234", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("")]
    [InlineData("a tag")]
    public async Task The_bump_refuses_a_tag_that_is_not_pinned(string tag)
    {
        var result = await ExternalTool.RunAsync(
            RepositoryRoot.Combine("hack", "gitops", "set-image.sh"), ["dev", "ghcr.io/some-org/todo-api", tag], environment: Environment());

        Assert.False(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task Promotion_takes_the_tag_of_the_previous_environment()
    {
        await RunAsync("set-image.sh", "dev", "ghcr.io/some-org/todo-api", "1111111");
        await RunAsync("promote.sh", "staging");
        await RunAsync("set-image.sh", "dev", "ghcr.io/some-org/todo-api", "2222222");
        await RunAsync("promote.sh", "production");

        Assert.Equal("ghcr.io/some-org/todo-api:2222222", (await RunAsync("image.sh", "dev")).Trim());
        Assert.Equal("ghcr.io/some-org/todo-api:1111111", (await RunAsync("image.sh", "staging")).Trim());
        Assert.Equal("ghcr.io/some-org/todo-api:1111111", (await RunAsync("image.sh", "production")).Trim());
        var app = Kustomize.Single(await RenderCopyAsync("gitops/environments/production"), "TodoApp");
        Assert.Equal("1111111", app["spec"]!["image"]!["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task Set_repository_points_every_ArgoCD_object_and_runbook_link_at_the_fork()
    {
        await RunAsync("set-repository.sh", "https://github.com/some-org/todo-fork.git");

        var apps = await RenderCopyAsync("gitops/argocd/apps");
        Assert.Equal("https://github.com/some-org/todo-fork.git", Kustomize.Single(apps, "Application", "todo-operator")["spec"]!["source"]!["repoURL"]!.GetValue<string>());
        var files = Directory.GetFiles(copy, "*.yaml", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, file => File.ReadAllText(file).Contains("github.com/example/todo-operator", StringComparison.Ordinal));
        Assert.Contains("https://github.com/some-org/todo-fork/blob/main/docs/runbooks.md", File.ReadAllText(Path.Combine(copy, "config", "prometheus", "alerts.yaml")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(copy, recursive: true);

    private Dictionary<string, string> Environment() => new() { ["TODO_GITOPS_ROOT"] = copy };

    private async Task<string> RunAsync(string script, params string[] arguments) =>
        (await ExternalTool.RunAsync(RepositoryRoot.Combine("hack", "gitops", script), arguments, environment: Environment())).AssertSucceeded();

    private async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> RenderCopyAsync(string path) =>
        Yaml.ReadDocuments((await ExternalTool.RunAsync("kubectl", ["kustomize", Path.Combine(copy, path)])).AssertSucceeded());

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
