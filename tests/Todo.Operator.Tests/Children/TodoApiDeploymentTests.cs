using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Children;

public sealed class TodoApiDeploymentTests
{
    private static V1Deployment Build(TodoApp app) => (V1Deployment)new TodoApiDeployment().Desired(app, Contexts.Current);

    [Fact]
    public void Replicas_are_left_to_the_autoscaler()
    {
        Assert.Null(Build(TestApps.Create()).Spec.Replicas);
    }

    [Fact]
    public void Replicas_follow_the_spec_without_autoscaling()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Autoscaling.Enabled = false;
            spec.Replicas = 3;
        });

        Assert.Equal(3, Build(app).Spec.Replicas);
    }

    [Fact]
    public void Replicas_default_to_one_without_autoscaling()
    {
        Assert.Equal(1, Build(TestApps.Create(spec => spec.Autoscaling.Enabled = false)).Spec.Replicas);
    }

    [Fact]
    public void Container_gets_redis_settings_with_the_password_from_the_secret()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);
        var env = container.Env.ToDictionary(variable => variable.Name);

        Assert.Equal("registry.example.com/todo-api:1.2.3", container.Image);
        Assert.Equal("8080", env["ASPNETCORE_HTTP_PORTS"].Value);
        Assert.Equal("shop-redis:6379", env["Redis__Endpoint"].Value);
        Assert.Equal("shop:", env["Redis__KeyPrefix"].Value);
        Assert.Null(env["Redis__Password"].Value);
        Assert.Equal("shop-redis-password", env["Redis__Password"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal("password", env["Redis__Password"].ValueFrom.SecretKeyRef.Key);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
    }

    [Fact]
    public void Password_comes_from_an_existing_secret_when_named()
    {
        var app = TestApps.Create(spec => spec.Redis.Password.ExistingSecret = new SecretKeyReference { Name = "sealed-redis", Key = "redis-password" });

        var password = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.Single(variable => variable.Name == "Redis__Password");

        Assert.Equal("sealed-redis", password.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("redis-password", password.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Probes_check_liveness_and_readiness_every_ten_seconds()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(10, container.LivenessProbe.PeriodSeconds);
        Assert.Equal(10, container.ReadinessProbe.PeriodSeconds);
    }

    [Fact]
    public void Resources_come_from_the_spec()
    {
        var app = TestApps.Create(spec => spec.Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
        });

        var resources = Assert.Single(Build(app).Spec.Template.Spec.Containers).Resources;

        Assert.Equal("250m", resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void Pods_spread_over_nodes()
    {
        var spread = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.TopologySpreadConstraints);

        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.Equal(1, spread.MaxSkew);
        Assert.Equal("api", spread.LabelSelector.MatchLabels["app.kubernetes.io/component"]);
    }
}
