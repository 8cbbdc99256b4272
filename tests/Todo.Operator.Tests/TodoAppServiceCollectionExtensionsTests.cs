using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests;

public sealed class TodoAppServiceCollectionExtensionsTests
{
    public static TheoryData<string> Clusters => ["current", "kubernetes-1.20"];

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Every_child_kind_is_watched_so_its_changes_wake_the_owner_and_the_reconciler_can_read_it(string cluster)
    {
        var served = cluster == "current" ? TestClusters.Current : TestClusters.Kubernetes120;
        var builder = new ControllerBuilder<TodoApp>();

        TodoAppServiceCollectionExtensions.Configure(builder);

        Assert.Equal(ResourceType.Of<TodoApp>(), builder.PrimaryType);
        Assert.All(ChildResources.All, child => Assert.Contains(builder.Owned, kind => kind.Matches(child.Kind.Declared)));
        Assert.All(builder.Owned.Where(kind => !kind.Optional), kind => Assert.NotNull(served.Resolve(kind)));
        Assert.Equal(builder.Owned.Count, builder.Owned.Select(kind => kind.Declared).Distinct().Count());
    }
}
