using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Children;

public sealed class ChildMetadataTests
{
    /// <summary>Every child some app wants: a retired one, never wanted, is only ever deleted.</summary>
    public static TheoryData<string> Children => [.. TodoAppWorkflow.Children.Where(child => Apps().Any(child.IsWanted)).Select(child => child.Name)];

    [Theory]
    [MemberData(nameof(Children))]
    public void Child_is_named_labelled_and_owned_by_its_todoapp(string childName)
    {
        var child = TodoAppWorkflow.Children.Single(candidate => candidate.Name == childName);
        var app = AppWanting(child);

        var desired = child.Desired(app, Contexts.CurrentWithTls);
        var type = TestClusters.Current.Require(child.Kind);

        Assert.Equal(child.ObjectName(app), desired.Metadata.Name);
        Assert.Equal(TestApps.Namespace, desired.Metadata.NamespaceProperty);
        Assert.Equal(type.ApiVersion, desired.ApiVersion);
        Assert.Equal(type.Kind, desired.Kind);

        var labels = desired.Metadata.Labels;
        Assert.Equal("todo", labels["app.kubernetes.io/name"]);
        Assert.Equal(TestApps.Name, labels["app.kubernetes.io/instance"]);
        Assert.Equal("todo", labels["app.kubernetes.io/part-of"]);
        Assert.Equal("todo-operator", labels["app.kubernetes.io/managed-by"]);
        Assert.True(labels.ContainsKey("app.kubernetes.io/component"));

        var owner = Assert.Single(desired.Metadata.OwnerReferences);
        Assert.Equal("todo.gitops.dev/v1alpha1", owner.ApiVersion);
        Assert.Equal("TodoApp", owner.Kind);
        Assert.Equal(TestApps.Name, owner.Name);
        Assert.Equal(TestApps.Uid, owner.Uid);
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
    }

    [Theory]
    [MemberData(nameof(Children))]
    public void ArgoCD_tracking_marks_are_not_copied_from_the_todoapp(string childName)
    {
        var child = TodoAppWorkflow.Children.Single(candidate => candidate.Name == childName);

        var desired = child.Desired(AppWanting(child), Contexts.CurrentWithTls);

        Assert.DoesNotContain(desired.Metadata.Annotations ?? new Dictionary<string, string>(), annotation => annotation.Key.StartsWith("argocd.argoproj.io/", StringComparison.Ordinal));
        Assert.DoesNotContain(desired.Metadata.Labels, label => label.Key.StartsWith("argocd.argoproj.io/", StringComparison.Ordinal));
        Assert.NotEqual("argocd-app-name", desired.Metadata.Labels["app.kubernetes.io/instance"]);
    }

    /// <summary>The fully featured app, or for the children of Redis' TLS one with TLS from the operator's CA or from cert-manager.</summary>
    private static TodoApp AppWanting(IChildResource child) => Apps().First(child.IsWanted);

    private static TodoApp[] Apps() => [TestApps.FullyFeatured(), TestApps.WithRedisTls(), TestApps.WithRedisTls(new RedisTlsIssuerReference { Name = "redis-ca" })];

    [Fact]
    public void Children_have_unique_kind_and_name_pairs()
    {
        var app = TestApps.FullyFeatured();

        var keys = TodoAppWorkflow.Children.Select(child => $"{TestClusters.Current.Require(child.Kind)}/{child.ObjectName(app)}").ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Secret_comes_before_the_workloads_that_read_it()
    {
        var names = TodoAppWorkflow.Children.Select(child => child.Name).ToList();

        Assert.True(names.IndexOf("RedisPasswordSecret") < names.IndexOf("RedisStatefulSet"));
        Assert.True(names.IndexOf("RedisPasswordSecret") < names.IndexOf("TodoApiDeployment"));
        Assert.Equal("TodoApiIngress", names[^1]);
    }

    [Fact]
    public void Selectors_use_only_the_stable_labels()
    {
        var deployment = (V1Deployment)new TodoApiDeployment().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal(
            ["app.kubernetes.io/component", "app.kubernetes.io/instance", "app.kubernetes.io/name"],
            deployment.Spec.Selector.MatchLabels.Keys.Order());
        Assert.All(deployment.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
    }

    [Fact]
    public void Desired_objects_carry_no_status()
    {
        var app = TestApps.FullyFeatured();

        Assert.Null(((V1Deployment)new TodoApiDeployment().Desired(app, Contexts.Current)).Status);
        Assert.Null(((V1StatefulSet)new RedisStatefulSet().Desired(app, Contexts.Current)).Status);
        Assert.Null(((V2HorizontalPodAutoscaler)new TodoApiAutoscaler().Desired(app, Contexts.Current)).Status);
    }
}
