using k8s.Models;
using Todo.Operator.Runtime.Controllers;

namespace Todo.Operator.Runtime.Tests;

public sealed class OwnerMappingTests
{
    private static readonly ResourceType Primary = new("todo.gitops.dev", "v1alpha1", "TodoApp", "todoapps");

    [Fact]
    public void A_child_maps_to_its_controlling_owner_in_its_own_namespace()
    {
        var child = Deployment(new V1OwnerReference { ApiVersion = "todo.gitops.dev/v1alpha1", Kind = "TodoApp", Name = "shop", Uid = "uid-1", Controller = true });

        Assert.Equal("team-a/shop", OwnerMapping.ControllerOwnerKey(child, Primary));
    }

    [Fact]
    public void The_owner_version_does_not_matter_but_group_and_kind_do()
    {
        Assert.Equal("team-a/shop", OwnerMapping.ControllerOwnerKey(Deployment(new V1OwnerReference { ApiVersion = "todo.gitops.dev/v1", Kind = "TodoApp", Name = "shop", Uid = "u", Controller = true }), Primary));
        Assert.Null(OwnerMapping.ControllerOwnerKey(Deployment(new V1OwnerReference { ApiVersion = "other.dev/v1alpha1", Kind = "TodoApp", Name = "shop", Uid = "u", Controller = true }), Primary));
        Assert.Null(OwnerMapping.ControllerOwnerKey(Deployment(new V1OwnerReference { ApiVersion = "todo.gitops.dev/v1alpha1", Kind = "Other", Name = "shop", Uid = "u", Controller = true }), Primary));
    }

    [Fact]
    public void Owners_that_are_not_the_controller_are_ignored()
    {
        Assert.Null(OwnerMapping.ControllerOwnerKey(Deployment(new V1OwnerReference { ApiVersion = "todo.gitops.dev/v1alpha1", Kind = "TodoApp", Name = "shop", Uid = "u", Controller = false }), Primary));
        Assert.Null(OwnerMapping.ControllerOwnerKey(Deployment(new V1OwnerReference { ApiVersion = "todo.gitops.dev/v1alpha1", Kind = "TodoApp", Name = "shop", Uid = "u" }), Primary));
        Assert.Null(OwnerMapping.ControllerOwnerKey(Deployment(), Primary));
    }

    private static V1Deployment Deployment(params V1OwnerReference[] owners) =>
        new() { Metadata = new V1ObjectMeta { Name = "shop-api", NamespaceProperty = "team-a", OwnerReferences = owners } };
}
