using System.Text.Json.Nodes;
using Todo.Delivery.Tests.ArgoCd;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.GitOps;

/// <summary>
/// The ArgoCD objects of gitops/argocd: the root Application, the projects that limit what each Application may
/// deploy where, the operator's Application and the environments' ApplicationSet, and the argocd-cm settings.
/// </summary>
public sealed class ArgoCdTests
{
    private const string Apps = "gitops/argocd/apps";

    [Fact]
    public async Task Dev_syncs_by_itself_with_prune_and_self_heal_and_the_other_environments_wait_for_a_person()
    {
        var set = Kustomize.Single(await Kustomize.RenderAsync(Apps), "ApplicationSet");

        var elements = set["spec"]!["generators"]![0]!["list"]!["elements"]!.AsArray()
            .Select(element => (element!["environment"]!.GetValue<string>(), element["automated"]!.GetValue<bool>()));
        Assert.Equal(GitOpsLayout.Environments.Select(environment => (environment.Name, environment.Automated)), elements);

        // The template itself syncs by hand; its patch adds the automated policy where the element asks for it.
        Assert.Null(set["spec"]!["template"]!["spec"]!["syncPolicy"]!["automated"]);
        var patch = set["spec"]!["templatePatch"]!.GetValue<string>().Trim().Split('\n');
        Assert.Equal("{{- if .automated }}", patch[0].Trim());
        Assert.Equal("{{- end }}", patch[^1].Trim());
        var automated = Assert.Single(Yaml.ReadDocuments(string.Join('\n', patch[1..^1])))["spec"]!["syncPolicy"]!["automated"]!;
        Assert.True(automated["prune"]!.GetValue<bool>());
        Assert.True(automated["selfHeal"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_CRD_and_the_operator_sync_before_the_environments()
    {
        var apps = await Kustomize.RenderAsync(Apps);
        var operatorWave = Kustomize.SyncWave(Kustomize.Single(apps, "Application", "todo-operator"));

        Assert.True(Kustomize.SyncWave(Kustomize.Single(apps, "ApplicationSet", "todo-environments")) > operatorWave);
        Assert.All(apps.Where(obj => Kustomize.Kind(obj) == "AppProject"), project => Assert.True(Kustomize.SyncWave(project) < operatorWave));

        var install = await Kustomize.RenderAsync("gitops/operator");
        var crds = install.Where(obj => Kustomize.Kind(obj) == "CustomResourceDefinition").ToList();
        Assert.Equal(2, crds.Count);
        Assert.All(crds, crd =>
        {
            Assert.True(Kustomize.SyncWave(crd) < Kustomize.SyncWave(Kustomize.Single(install, "Deployment")));
            Assert.Equal("Prune=false,Delete=false", Kustomize.Annotation(crd, "argocd.argoproj.io/sync-options"));
        });
    }

    [Fact]
    public async Task The_operator_runs_the_image_the_pipeline_wrote_fully_qualified()
    {
        var deployment = Kustomize.Single(await Kustomize.RenderAsync("gitops/operator"), "Deployment");

        var image = Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!["image"]!.GetValue<string>();

        Assert.Equal((await ExternalTool.RunAsync(RepositoryRoot.Combine("hack", "gitops", "image.sh"), ["operator"])).AssertSucceeded().Trim(), image);
        Assert.StartsWith("ghcr.io/", image, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("todo-environments", "gitops/environments/dev")]
    [InlineData("todo-environments", "gitops/environments/staging")]
    [InlineData("todo-environments", "gitops/environments/production")]
    [InlineData("todo-platform", "gitops/operator")]
    [InlineData("todo-platform", "gitops/monitoring")]
    public async Task Every_kind_an_application_deploys_is_one_its_project_allows_in_a_namespace_it_allows(string projectName, string path)
    {
        var project = Kustomize.Single(await Kustomize.RenderAsync(Apps), "AppProject", projectName)["spec"]!;
        var allowedNamespaces = project["destinations"]!.AsArray().Select(destination => destination!["namespace"]!.GetValue<string>()).ToHashSet();

        foreach (var obj in await Kustomize.RenderAsync(path))
        {
            var group = obj["apiVersion"]!.GetValue<string>() is var apiVersion && apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[0] : string.Empty;
            var space = obj["metadata"]!["namespace"]?.GetValue<string>();
            var whitelist = project[space is null ? "clusterResourceWhitelist" : "namespaceResourceWhitelist"]!.AsArray();
            Assert.True(
                whitelist.Any(entry => entry!["group"]!.GetValue<string>() == group && entry["kind"]!.GetValue<string>() == Kustomize.Kind(obj)),
                $"{projectName} does not allow {group}/{Kustomize.Kind(obj)} ({path})");
            // ArgoCD checks the destination of namespaced objects only (controller/sync.go).
            Assert.True(space is null || allowedNamespaces.Contains(space), $"{projectName} does not allow namespace '{space}' ({path})");
        }
    }

    [Fact]
    public async Task The_environments_project_allows_only_TodoApps_sealed_secrets_and_namespaces_in_the_todo_namespaces()
    {
        var project = Kustomize.Single(await Kustomize.RenderAsync(Apps), "AppProject", "todo-environments")["spec"]!;

        Assert.Equal(["todo-dev", "todo-staging", "todo-production"], project["destinations"]!.AsArray().Select(destination => destination!["namespace"]!.GetValue<string>()));
        Assert.Equal(["bitnami.com/SealedSecret", "todo.gitops.dev/TodoApp"], Kinds(project["namespaceResourceWhitelist"]!));
        Assert.Equal(["/Namespace"], Kinds(project["clusterResourceWhitelist"]!));
    }

    [Fact]
    public async Task No_application_uses_the_unrestricted_default_project_and_all_follow_one_repository()
    {
        var objects = (await Kustomize.RenderAsync(Apps))
            .Concat(await Kustomize.RenderAsync("gitops/argocd/bootstrap"))
            .Concat(await Kustomize.RenderAsync("gitops/argocd/monitoring-stack"))
            .ToList();
        var root = Kustomize.Single(objects, "Application", "todo-root");
        var repository = root["spec"]!["source"]!["repoURL"]!.GetValue<string>();
        Assert.Contains(objects, obj => Kustomize.Kind(obj) == "Application" && Kustomize.Name(obj) == "todo-monitoring");

        // kube-prometheus-stack comes from its Helm repository, in a project of its own.
        foreach (var application in objects.Where(obj => Kustomize.Kind(obj) is "Application" && Kustomize.Name(obj) != "kube-prometheus-stack"))
        {
            Assert.NotEqual("default", application["spec"]!["project"]!.GetValue<string>());
            Assert.Equal(repository, application["spec"]!["source"]!["repoURL"]!.GetValue<string>());
            Assert.True(Directory.Exists(RepositoryRoot.Combine(application["spec"]!["source"]!["path"]!.GetValue<string>())));
        }

        var template = Kustomize.Single(objects, "ApplicationSet")["spec"]!["template"]!["spec"]!;
        Assert.Equal(repository, template["source"]!["repoURL"]!.GetValue<string>());
        Assert.All(objects.Where(obj => Kustomize.Kind(obj) == "AppProject" && Kustomize.Name(obj) != "monitoring-stack"), project =>
            Assert.Equal([repository], project["spec"]!["sourceRepos"]!.AsArray().Select(source => source!.GetValue<string>())));
    }

    [Fact]
    public async Task The_settings_merge_into_an_existing_argocd_cm_and_keep_its_other_settings()
    {
        var merged = Kustomize.Single(await Kustomize.RenderAsync("tests/Todo.Delivery.Tests/TestData/argocd-cm-merge"), "ConfigMap", "argocd-cm");
        var data = merged["data"]!;

        Assert.Equal("https://argocd.example.com", data["url"]!.GetValue<string>());
        Assert.Contains("github", data["dex.config"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("CiliumIdentity", data["resource.exclusions"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("argocd-cm", merged["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_settings_track_resources_by_annotation_and_carry_the_tested_health_scripts()
    {
        var data = Kustomize.Single(await Kustomize.RenderAsync("tests/Todo.Delivery.Tests/TestData/argocd-cm-merge"), "ConfigMap", "argocd-cm")["data"]!;

        Assert.Equal("annotation", data["application.resourceTrackingMethod"]!.GetValue<string>());
        Assert.Equal(File.ReadAllText(HealthScript.Path("todo.gitops.dev/TodoApp")), data["resource.customizations.health.todo.gitops.dev_TodoApp"]!.GetValue<string>());
        Assert.Equal(File.ReadAllText(HealthScript.Path("argoproj.io/Application")), data["resource.customizations.health.argoproj.io_Application"]!.GetValue<string>());
        // Custom health checks run without the standard libraries unless this is set; the scripts are tested that way.
        Assert.DoesNotContain(data.AsObject(), pair => pair.Key.StartsWith("resource.customizations.useOpenLibs", StringComparison.Ordinal));
    }

    [Fact]
    public void No_whole_argocd_cm_is_shipped()
    {
        var files = Directory.GetFiles(RepositoryRoot.Path, "*.yaml", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}TestData{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        Assert.DoesNotContain(files, file => Yaml.ReadFile(file).Any(obj => obj["kind"]?.GetValue<string>() == "ConfigMap" && obj["metadata"]?["name"]?.GetValue<string>() == "argocd-cm"));
    }

    private static IEnumerable<string> Kinds(JsonNode whitelist) =>
        whitelist.AsArray().Select(entry => $"{entry!["group"]!.GetValue<string>()}/{entry["kind"]!.GetValue<string>()}").Order(StringComparer.Ordinal);
}
