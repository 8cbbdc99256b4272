using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

public sealed class ScalingChildrenTests
{
    [Fact]
    public void Autoscaler_targets_the_api_deployment_on_cpu()
    {
        var app = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 10, TargetCpuUtilizationPercentage = 70 });

        var hpa = (V2HorizontalPodAutoscaler)new TodoApiAutoscaler().Desired(app, Contexts.Current);

        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        Assert.Equal("shop-api", hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal(2, hpa.Spec.MinReplicas);
        Assert.Equal(10, hpa.Spec.MaxReplicas);
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.Equal(70, metric.Resource.Target.AverageUtilization);
    }

    [Fact]
    public void Autoscaler_api_version_follows_what_the_cluster_serves()
    {
        var child = new TodoApiAutoscaler();
        var app = TestApps.Create();

        Assert.Equal("autoscaling/v2", child.Desired(app, Contexts.Current).ApiVersion);
        Assert.Equal("autoscaling/v2beta2", child.Desired(app, Contexts.Kubernetes120).ApiVersion);
        Assert.Equal("v2beta2", TestClusters.Kubernetes120.Require(child.Kind).Version);
        Assert.Equal("horizontalpodautoscalers", TestClusters.Kubernetes120.Require(child.Kind).Plural);
    }

    [Fact]
    public void Autoscaler_is_pruned_when_autoscaling_is_off()
    {
        Assert.True(new TodoApiAutoscaler().IsWanted(TestApps.Create()));
        Assert.False(new TodoApiAutoscaler().IsWanted(TestApps.Create(spec => spec.Autoscaling.Enabled = false)));
    }

    [Theory]
    [InlineData(true, 1, null, false)]
    [InlineData(true, 2, null, true)]
    [InlineData(false, 5, null, false)]
    [InlineData(false, 1, 2, true)]
    [InlineData(false, 2, 1, false)]
    public void Disruption_budget_only_with_at_least_two_replicas(bool autoscaling, int minReplicas, int? replicas, bool wanted)
    {
        var app = TestApps.Create(spec =>
        {
            spec.Autoscaling = new AutoscalingSpec { Enabled = autoscaling, MinReplicas = minReplicas, MaxReplicas = 10 };
            spec.Replicas = replicas;
        });

        Assert.Equal(wanted, new TodoApiDisruptionBudget().IsWanted(app));
    }

    [Fact]
    public void Disruption_budget_keeps_all_but_one_api_pod()
    {
        var app = TestApps.FullyFeatured();

        var budget = (V1PodDisruptionBudget)new TodoApiDisruptionBudget().Desired(app, Contexts.Kubernetes120);

        Assert.Equal("policy/v1beta1", budget.ApiVersion);
        Assert.Equal("policy/v1", new TodoApiDisruptionBudget().Desired(app, Contexts.Current).ApiVersion);
        Assert.Equal(1, budget.Spec.MaxUnavailable.ToInt());
        Assert.Equal("api", budget.Spec.Selector.MatchLabels["app.kubernetes.io/component"]);
    }
}
