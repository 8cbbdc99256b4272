using k8s;
using Todo.Operator.Crd.V1Alpha1;
using YamlDotNet.RepresentationModel;

namespace Todo.Operator.Tests.Samples;

/// <summary>The ArgoCD Applications of the two environments: dev syncs by itself, staging waits for a person.</summary>
public sealed class ArgoCdApplicationTests
{
    [Fact]
    public void Dev_is_synced_automatically_with_prune_and_self_heal()
    {
        var application = Load("todo-dev.yaml");

        var automated = Assert.IsType<YamlMappingNode>(Node(application, "spec", "syncPolicy", "automated"));
        Assert.Equal("true", Scalar(automated, "prune"));
        Assert.Equal("true", Scalar(automated, "selfHeal"));
    }

    [Fact]
    public void Staging_is_synced_by_hand()
    {
        var application = Load("todo-staging.yaml");

        Assert.Null(Node(application, "spec", "syncPolicy", "automated"));
    }

    [Theory]
    [InlineData("todo-dev.yaml", 1, 5)]
    [InlineData("todo-staging.yaml", 2, 10)]
    public void Each_application_deploys_its_environments_sample_into_its_namespace(string file, int minReplicas, int maxReplicas)
    {
        var application = Load(file);
        var sample = Scalar(Node(application, "spec", "source", "directory"), "include");
        var path = Scalar(Node(application, "spec", "source"), "path");

        var app = KubernetesYaml.Deserialize<TodoApp>(File.ReadAllText(Path.Combine(RepositoryRoot.Path, path, sample)));

        Assert.Equal(Scalar(Node(application, "spec", "destination"), "namespace"), app.Metadata.NamespaceProperty);
        Assert.Equal((minReplicas, maxReplicas), (app.Spec.Autoscaling.MinReplicas, app.Spec.Autoscaling.MaxReplicas));
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "config", "argocd", file));
        stream.Load(reader);
        var root = Assert.IsType<YamlMappingNode>(stream.Documents.Single().RootNode);
        Assert.Equal("Application", Scalar(root, "kind"));
        return root;
    }

    private static YamlNode? Node(YamlMappingNode root, params string[] path)
    {
        YamlNode? node = root;
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    private static string Scalar(YamlNode? node, string key) =>
        Assert.IsType<YamlScalarNode>(Node(Assert.IsType<YamlMappingNode>(node), key)).Value
        ?? throw new InvalidOperationException($"{key} has no value");
}
