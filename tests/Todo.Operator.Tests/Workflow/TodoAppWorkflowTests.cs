using k8s.Models;
using Todo.Operator.Redis;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Workflow;

/// <summary>
/// The order the TodoApp's members declare, as the reasons for it are written in the docs: each pair written out, so that
/// a dependency lost from a declaration is noticed.
/// </summary>
public sealed class TodoAppWorkflowTests
{
    private static readonly List<string> Order = [.. TodoAppWorkflow.Define().Members.Select(member => member.Name)];

    [Theory]
    [InlineData("RedisPassword", "RedisPasswordSecret")]
    [InlineData("RedisPasswordSecret", "RedisStatefulSet")]
    [InlineData("RedisPasswordSecret", "TodoApiDeployment")]
    [InlineData("RedisDataFinalizer", "RedisStatefulSet")]
    [InlineData("RedisClaimGuard", "RedisStatefulSet")]
    [InlineData("DefaultDenyNetworkPolicy", "RedisStatefulSet")]
    [InlineData("RedisNetworkPolicy", "RedisStatefulSet")]
    [InlineData("RedisService", "RedisStatefulSet")]
    [InlineData("RedisStatefulSet", "RedisClaimStamping")]
    [InlineData("RedisStatefulSet", "TodoApiDeployment")]
    [InlineData("DefaultDenyNetworkPolicy", "TodoApiDeployment")]
    [InlineData("TodoApiNetworkPolicy", "TodoApiDeployment")]
    [InlineData("TodoApiDeployment", "TodoApiAutoscaler")]
    [InlineData("TodoApiDeployment", "TodoApiDisruptionBudget")]
    [InlineData("TodoApiService", "TodoApiIngress")]
    [InlineData("TodoApiDeployment", "TodoApiIngress")]
    public void A_member_comes_after_what_it_needs(string first, string then) =>
        Assert.True(Order.IndexOf(first) < Order.IndexOf(then), $"{then} comes before {first}: {string.Join(", ", Order)}");

    [Fact]
    public void Redis_starts_only_once_the_claim_guard_lets_it()
    {
        Assert.Contains(Dependency.OnReady(nameof(RedisClaimGuard)), RedisMembers.StatefulSet.DependsOn);
    }

    [Fact]
    public void Every_child_of_a_fully_featured_app_reads_only_what_it_declares()
    {
        var app = TestApps.FullyFeatured();
        app.Spec.Monitoring.Enabled = true;
        app.Spec.Redis.Exporter.Enabled = true;

        Assert.All(
            TodoAppWorkflow.Children.Where(child => child.IsWanted(app)),
            child => Assert.NotNull(child.Desired(app, Contexts.Current.For(child))));
    }

    [Fact]
    public void Reading_a_sibling_without_depending_on_it_is_refused_with_the_fix()
    {
        var context = Contexts.Current.For(TodoApiMembers.Service);

        var error = Assert.Throws<InvalidOperationException>(() => context.Observed(RedisMembers.StatefulSet, TestApps.Create()));

        Assert.Equal(
            "TodoApiService reads RedisStatefulSet without depending on it: add Dependency.On(nameof(RedisStatefulSet)) to its DependsOn.",
            error.Message);
    }

    [Fact]
    public void A_sibling_is_read_as_the_cache_holds_it()
    {
        var app = TestApps.Create();
        var cached = new V1StatefulSet { Metadata = new V1ObjectMeta { Name = "shop-redis" }, Spec = new V1StatefulSetSpec { Replicas = 3 } };
        var context = new ChildContext(TestClusters.Current, (type, name) => type.Kind == "StatefulSet" && name == "shop-redis" ? cached : null);

        Assert.Equal(3, context.For(TodoApiMembers.Deployment).Observed(RedisMembers.StatefulSet, app)?.Spec.Replicas);
        Assert.Null(context.For(TodoApiMembers.Deployment).Observed(TodoApiMembers.Deployment, app));
    }
}
