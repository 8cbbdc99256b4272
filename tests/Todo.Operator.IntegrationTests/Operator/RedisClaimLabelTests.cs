using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The Redis claim as kube-controller-manager's StatefulSet controller makes it, from the claim template with the
/// StatefulSet's selector labels copied on: a new app's claim never carries ArgoCD's instance label, so the operator
/// has nothing to patch away (it used to: one claim patch per new app).
/// </summary>
public sealed class RedisClaimLabelTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    [Fact]
    public async Task A_new_apps_claim_carries_no_instance_label_and_the_operator_never_writes_to_it()
    {
        if (Space.Cluster.AuditLogPath is not { } auditLog)
        {
            Assert.Skip("This cluster keeps no audit log to count the operator's writes in.");
            return;
        }

        var since = DateTimeOffset.UtcNow;
        await Space.Admin.CustomObjects.CreateNamespacedCustomObjectAsync<TodoApp>(
            new TodoApp
            {
                Metadata = new V1ObjectMeta { Name = "labelled", NamespaceProperty = Space.Name },
                Spec = new TodoAppSpec { Image = new ImageReference { Repository = "registry.example.com/todo-api", Tag = "0.1.0" } },
            },
            TodoApp.Group,
            TodoApp.Version,
            Space.Name,
            TodoApp.Plural,
            cancellationToken: Cancellation);
        var claim = await Eventually.GetAsync(
            "PersistentVolumeClaim data-labelled-redis-0",
            token => NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-labelled-redis-0", Space.Name, cancellationToken: token)),
            Cancellation);
        Assert.DoesNotContain("app.kubernetes.io/instance", claim.Metadata.Labels.Keys);
        Assert.Equal("labelled", claim.Metadata.Labels["todo.gitops.dev/todoapp"]);

        // A reconcile that sees the claim: the one a spec change starts, once the claim exists.
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "labelled", new { image = new { tag = "0.2.0" } }, Cancellation);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, "labelled", "the new image", _ => true, Cancellation);

        var writes = (await AuditLog.ReadAsync(auditLog, Cancellation)).WritesBy(Fixture.Identity.UserName, Space.Name, since)
            .Where(entry => entry.Resource == "persistentvolumeclaims");
        Assert.Empty(writes);
    }
}
