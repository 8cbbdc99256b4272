using System.Diagnostics;
using Todo.Operator.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.Tests.Samples;

/// <summary>
/// The TodoApps ArgoCD deploys from gitops/environments, read with the operator's own types and validator: each
/// environment's app is valid, lives in its namespace and scales within its range (dev 1-5, staging 2-10).
/// </summary>
public sealed class ArgoCdApplicationTests
{
    [Theory]
    [InlineData("dev", 1, 5)]
    [InlineData("staging", 2, 10)]
    [InlineData("production", 3, 20)]
    public void Each_environment_deploys_a_valid_TodoApp_into_its_namespace(string environment, int minReplicas, int maxReplicas)
    {
        var app = RenderTodoApp(environment);

        Assert.Empty(SpecValidator.Validate(app));
        Assert.Equal($"todo-{environment}", app.Metadata.NamespaceProperty);
        Assert.Equal((minReplicas, maxReplicas), (app.Spec.Autoscaling.MinReplicas, app.Spec.Autoscaling.MaxReplicas));
        Assert.Equal(RedisPersistence.Aof, app.Spec.Redis.Persistence);
    }

    /// <summary>The environment's overlay rendered by kubectl kustomize, as ArgoCD renders it; its one TodoApp.</summary>
    private static TodoApp RenderTodoApp(string environment)
    {
        var startInfo = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(RepositoryRoot.Path, "gitops", "environments", environment)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var kubectl = Process.Start(startInfo) ?? throw new InvalidOperationException("kubectl did not start");
        var output = kubectl.StandardOutput.ReadToEnd();
        var errors = kubectl.StandardError.ReadToEnd();
        kubectl.WaitForExit();
        Assert.True(kubectl.ExitCode == 0, errors);

        var document = Assert.Single(output.Split("\n---\n"), document => document.Contains("\nkind: TodoApp\n", StringComparison.Ordinal));
        return KubernetesObjectYaml.Deserialize<TodoApp>(document);
    }
}
