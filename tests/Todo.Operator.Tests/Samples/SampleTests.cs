using Todo.Operator.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Reconciliation;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Samples;

public sealed class SampleTests
{
    private static TodoApp Load(string file) =>
        KubernetesObjectYaml.Deserialize<TodoApp>(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "samples", file)));

    [Theory]
    [InlineData("todoapp-dev.yaml")]
    [InlineData("todoapp-staging.yaml")]
    public void Sample_is_a_valid_todoapp(string file)
    {
        var app = Load(file);

        Assert.Equal("todo.gitops.dev/v1beta1", app.ApiVersion);
        Assert.Equal("TodoApp", app.Kind);
        Assert.Empty(SpecValidator.Validate(app));
        Assert.Equal(RedisPersistence.Aof, app.Spec.Redis.Persistence);
    }

    [Fact]
    public void Dev_sample_autoscales_one_to_five_without_tls()
    {
        var app = Load("todoapp-dev.yaml");

        Assert.True(app.Spec.Autoscaling.Enabled);
        Assert.Equal((1, 5), (app.Spec.Autoscaling.MinReplicas, app.Spec.Autoscaling.MaxReplicas));
        Assert.Null(app.Spec.Ingress.Tls);
        Assert.False(new TodoApiDisruptionBudget().IsWanted(app));
    }

    [Fact]
    public void Staging_sample_autoscales_two_to_ten_with_tls_from_cert_manager_and_runs_redis_in_sentinel_mode()
    {
        var app = Load("todoapp-staging.yaml");

        Assert.Equal(RedisMode.Sentinel, app.Spec.Redis.Mode);

        Assert.Equal((2, 10), (app.Spec.Autoscaling.MinReplicas, app.Spec.Autoscaling.MaxReplicas));
        Assert.NotNull(app.Spec.Ingress.Tls?.ClusterIssuer);
        Assert.StartsWith("https://", TodoApiIngress.Url(app), StringComparison.Ordinal);
        Assert.True(new TodoApiDisruptionBudget().IsWanted(app));
    }
}
