using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Deleting a TodoApp on the real control plane: nothing is written back while the garbage collector removes the
/// children (foreground deletion, as ArgoCD prunes), the Redis volume claim is kept unless the spec asks otherwise (here
/// through the finalizer: Kubernetes 1.20 has no claim retention policy), and a new app of the same name does not start
/// on the data left behind until it asks to adopt it.
/// </summary>
public sealed class DeletionTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    /// <summary>The collector learns of a new CRD's kind only at its next discovery resync (every 30 s).</summary>
    private static readonly TimeSpan CollectionTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Foreground_deletion_removes_every_child_without_the_operator_writing_one_again()
    {
        await CreateAsync("pruned", RedisDataRetention.Retain, adopt: false);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, "pruned", "children created", app => app.Condition("Ready")?.Reason == "ChildrenNotReady", Cancellation);
        var since = DateTimeOffset.UtcNow;

        await Space.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync(
            TodoApp.Group, TodoApp.Version, Space.Name, TodoApp.Plural, "pruned", new V1DeleteOptions { PropagationPolicy = "Foreground" },
            cancellationToken: Cancellation);

        await Eventually.UntilAsync(
            "the TodoApp and every child are gone",
            async token => await TodoApps.GetAsync(Space.Admin, Space.Name, "pruned", token) is null
                && (await Space.Children.ListAsync("pruned", token)).Count == 0,
            CollectionTimeout,
            Cancellation);
        if (Space.Cluster.AuditLogPath is { } auditLog)
        {
            var writes = (await AuditLog.ReadAsync(auditLog, Cancellation))
                .WritesBy(Fixture.Identity.UserName, Space.Name, since)
                // A reconcile that started before the cache showed the deletion may still report status; no child is written.
                .Where(entry => entry.Resource is not ("events" or "todoapps") && entry.Name?.StartsWith("pruned", StringComparison.Ordinal) is true);
            Assert.Empty(writes);
        }
    }

    [Fact]
    public async Task With_when_deleted_delete_the_finalizer_deletes_the_volume_with_the_app()
    {
        await CreateAsync("disposable", RedisDataRetention.Delete, adopt: false);
        await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "disposable", "the finalizer", app => app.Metadata.Finalizers?.Contains("todo.gitops.dev/redis-data") is true, Cancellation);
        var claim = await ClaimAsync("data-disposable-redis-0");
        Assert.Equal("disposable", claim.Metadata.Labels["todo.gitops.dev/todoapp"]);

        await TodoApps.DeleteAsync(Space.Admin, Space.Name, "disposable", Cancellation);

        await Eventually.UntilAsync(
            "the claim and the TodoApp are gone",
            async token => await NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-disposable-redis-0", Space.Name, cancellationToken: token)) is null
                && await TodoApps.GetAsync(Space.Admin, Space.Name, "disposable", token) is null,
            CollectionTimeout,
            Cancellation);
    }

    [Fact]
    public async Task A_new_app_of_the_same_name_starts_on_the_kept_volume_only_when_it_adopts_it()
    {
        var first = await CreateAsync("reborn", RedisDataRetention.Retain, adopt: false);
        var claim = await ClaimAsync("data-reborn-redis-0");
        Assert.Equal(first.Metadata.Uid, claim.Metadata.Labels["todo.gitops.dev/todoapp-uid"]);
        // The StatefulSet controller copies the selector's labels onto the claim it makes: none is ArgoCD's instance label.
        Assert.DoesNotContain("app.kubernetes.io/instance", claim.Metadata.Labels.Keys);
        await TodoApps.DeleteAsync(Space.Admin, Space.Name, "reborn", Cancellation);
        await Eventually.UntilAsync(
            "the StatefulSet is collected",
            async token => await NotFound.AsNullAsync(() => Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("reborn-redis", Space.Name, cancellationToken: token)) is null,
            CollectionTimeout,
            Cancellation);
        Assert.NotNull(await ClaimAsync("data-reborn-redis-0"));

        var second = await CreateAsync("reborn", RedisDataRetention.Retain, adopt: false);
        var refused = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "reborn", "ClaimOfAnotherApp", app => app.Condition("Degraded")?.Reason == "ClaimOfAnotherApp", Cancellation);
        Assert.Contains(first.Metadata.Uid, refused.Condition("Degraded")?.Message, StringComparison.Ordinal);
        Assert.Null(await NotFound.AsNullAsync(() => Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("reborn-redis", Space.Name, cancellationToken: Cancellation)));

        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "reborn", new { redis = new { storage = new { adoptExistingClaim = true } } }, Cancellation);

        await Eventually.UntilAsync(
            "the adopted claim is labelled with the new app's uid",
            async token => (await Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-reborn-redis-0", Space.Name, cancellationToken: token))
                .Metadata.Labels["todo.gitops.dev/todoapp-uid"] == second.Metadata.Uid,
            Cancellation);
        Assert.NotNull(await Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("reborn-redis", Space.Name, cancellationToken: Cancellation));
    }

    /// <summary>
    /// An app refused the volume an earlier app of its name kept, then deleted with whenDeleted: Delete, leaves that volume
    /// alone: it never carries the finalizer, and the finalizer deletes only the app's own claims.
    /// </summary>
    [Fact]
    public async Task Deleting_an_app_refused_a_kept_volume_leaves_that_volume_and_its_data()
    {
        var first = await CreateAsync("heir", RedisDataRetention.Retain, adopt: false);
        await ClaimAsync("data-heir-redis-0");
        await TodoApps.DeleteAsync(Space.Admin, Space.Name, "heir", Cancellation);
        await Eventually.UntilAsync(
            "the first app and its StatefulSet are gone",
            async token => await TodoApps.GetAsync(Space.Admin, Space.Name, "heir", token) is null
                && await NotFound.AsNullAsync(() => Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("heir-redis", Space.Name, cancellationToken: token)) is null,
            CollectionTimeout,
            Cancellation);

        await CreateAsync("heir", RedisDataRetention.Delete, adopt: false);
        var refused = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "heir", "ClaimOfAnotherApp", app => app.Condition("Degraded")?.Reason == "ClaimOfAnotherApp", Cancellation);
        await TodoApps.DeleteAsync(Space.Admin, Space.Name, "heir", Cancellation);
        await Eventually.UntilAsync(
            "the second app is gone", async token => await TodoApps.GetAsync(Space.Admin, Space.Name, "heir", token) is null, CollectionTimeout, Cancellation);

        var kept = await NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-heir-redis-0", Space.Name, cancellationToken: Cancellation));
        Assert.Equal(first.Metadata.Uid, kept?.Metadata.Labels["todo.gitops.dev/todoapp-uid"]);
        Assert.Null(kept?.Metadata.DeletionTimestamp);
        Assert.DoesNotContain("todo.gitops.dev/redis-data", refused.Metadata.Finalizers ?? []);
    }

    /// <summary>The StatefulSet controller makes the claim from the template once the operator created the StatefulSet.</summary>
    private Task<V1PersistentVolumeClaim> ClaimAsync(string name) =>
        Eventually.GetAsync(
            $"PersistentVolumeClaim {name}",
            token => NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, Space.Name, cancellationToken: token)),
            Cancellation);

    private Task<TodoApp> CreateAsync(string name, RedisDataRetention whenDeleted, bool adopt) =>
        Space.Admin.CustomObjects.CreateNamespacedCustomObjectAsync<TodoApp>(
            new TodoApp
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Space.Name },
                Spec = new TodoAppSpec
                {
                    Image = new ImageReference { Repository = "registry.example.com/todo-api", Tag = "0.1.0" },
                    Redis = new RedisSpec { Storage = new RedisStorageSpec { WhenDeleted = whenDeleted, AdoptExistingClaim = adopt } },
                },
            },
            TodoApp.Group,
            TodoApp.Version,
            Space.Name,
            TodoApp.Plural,
            cancellationToken: Cancellation);
}
