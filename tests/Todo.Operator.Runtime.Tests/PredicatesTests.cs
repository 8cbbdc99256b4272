using k8s.Models;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

public sealed class PredicatesTests
{
    [Fact]
    public void Status_only_updates_do_not_pass_the_primary_default()
    {
        var old = Object(generation: 3);
        var statusWritten = Object(generation: 3);
        statusWritten.Status = new V1DeploymentStatus { ReadyReplicas = 1 };

        Assert.False(Predicates.PrimaryDefault(new ResourceEvent(ResourceEventType.Updated, statusWritten, old)));
    }

    [Fact]
    public void Spec_changes_pass_through_the_generation()
    {
        Assert.True(Predicates.GenerationChanged(new ResourceEvent(ResourceEventType.Updated, Object(generation: 4), Object(generation: 3))));
        Assert.False(Predicates.GenerationChanged(new ResourceEvent(ResourceEventType.Updated, Object(generation: 3), Object(generation: 3))));
    }

    [Fact]
    public void Annotation_changes_pass_so_pausing_takes_effect()
    {
        var paused = Object(generation: 3, annotations: new Dictionary<string, string> { ["todo.gitops.dev/paused"] = "true" });

        Assert.True(Predicates.PrimaryDefault(new ResourceEvent(ResourceEventType.Updated, paused, Object(generation: 3))));
    }

    [Fact]
    public void Deletion_starting_passes()
    {
        var deleting = Object(generation: 3);
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;

        Assert.True(Predicates.PrimaryDefault(new ResourceEvent(ResourceEventType.Updated, deleting, Object(generation: 3))));
    }

    [Fact]
    public void Adds_and_deletes_always_pass()
    {
        Assert.True(Predicates.GenerationChanged(new ResourceEvent(ResourceEventType.Added, Object(generation: 1))));
        Assert.True(Predicates.GenerationChanged(new ResourceEvent(ResourceEventType.Deleted, Object(generation: 1))));
    }

    private static V1Deployment Object(long generation, Dictionary<string, string>? annotations = null) =>
        new() { Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = "team-a", Generation = generation, Annotations = annotations } };
}
