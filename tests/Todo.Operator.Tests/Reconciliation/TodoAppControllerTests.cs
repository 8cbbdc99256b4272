using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Children;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime.Controllers;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class TodoAppControllerTests
{
    public static TheoryData<string> Clusters => ["current", "kubernetes-1.20"];

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Every_child_kind_is_watched_so_its_changes_wake_the_owner_and_the_reconciler_can_read_it(string cluster)
    {
        var capabilities = cluster == "current" ? ClusterCapabilities.Current : ClusterCapabilities.Kubernetes120;
        var builder = new ControllerBuilder<TodoApp>();

        TodoAppController.Configure(builder, capabilities);

        Assert.Equal(TodoAppController.Type, builder.PrimaryType);
        Assert.All(ChildResources.All, child => Assert.Contains(child.Type(capabilities), builder.OwnedTypes));
        Assert.Equal(builder.OwnedTypes.Count, builder.OwnedTypes.Distinct().Count());
    }
}
