using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests;

/// <summary>
/// What the TodoApp controller is built with. The kinds are written out on purpose: a list derived from the code would
/// agree with a bug in it (a child kind not owned is never restored when someone deletes it).
/// </summary>
public sealed class TodoAppServiceCollectionExtensionsTests
{
    public static TheoryData<string> Clusters => ["current", "kubernetes-1.20"];

    [Fact]
    public void The_controller_owns_every_child_kind_reads_the_claims_and_watches_the_opted_in_secrets()
    {
        var builder = Configured();

        Assert.Equal(("todoapp", ResourceType.Of<TodoApp>()), (builder.Name, builder.PrimaryType));
        Assert.Equal(
        [
            "certificates.cert-manager.io", "deployments.apps", "horizontalpodautoscalers.autoscaling", "ingresses.networking.k8s.io", "networkpolicies.networking.k8s.io",
            "poddisruptionbudgets.policy", "secrets.core", "servicemonitors.monitoring.coreos.com", "services.core", "statefulsets.apps",
        ],
            builder.Owned.Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(["certificates.cert-manager.io", "servicemonitors.monitoring.coreos.com"], builder.Owned.Where(kind => kind.Optional).Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(["persistentvolumeclaims.core"], builder.Read.Select(Name));
        Assert.Equal(
            [("secrets.core", "todo.gitops.dev/redis-password=true"), ("todoappbackups.todo.gitops.dev", null)],
            builder.Referenced.Select(watch => (Name(watch.Kind), watch.LabelSelector)));
    }

    [Fact]
    public void A_secret_wakes_only_the_apps_that_name_it_as_their_redis_password()
    {
        var secrets = Configured().Referenced[0];
        var vault = new V1Secret { Metadata = new V1ObjectMeta { Name = "vault", NamespaceProperty = TestApps.Namespace } };

        Assert.True(secrets.References(vault, TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" })));
        Assert.False(secrets.References(vault, TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "other", Key = "password" })));
        Assert.False(secrets.References(vault, TestApps.Create()));
    }

    [Fact]
    public void A_backup_wakes_only_the_apps_that_restore_from_it()
    {
        var backups = Configured().Referenced[1];
        var backup = new TodoAppBackup { Metadata = new V1ObjectMeta { Name = "nightly", NamespaceProperty = TestApps.Namespace } };

        Assert.True(backups.References(backup, TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "nightly" })));
        Assert.False(backups.References(backup, TestApps.Create(spec => spec.Redis.Restore = new RedisRestoreSpec { FromBackup = "weekly" })));
        Assert.False(backups.References(backup, TestApps.Create()));
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Every_required_kind_is_served_by_the_oldest_and_the_newest_supported_cluster(string cluster)
    {
        var served = cluster == "current" ? TestClusters.Current : TestClusters.Kubernetes120;
        var builder = Configured();

        Assert.All(builder.Owned.Where(kind => !kind.Optional).Concat(builder.Read), kind => Assert.NotNull(served.Resolve(kind)));
    }

    [Fact]
    public void The_workflow_is_checked_and_registered_when_the_controller_is()
    {
        var services = new ServiceCollection().AddTodoAppController();

        var registered = Assert.Single(services, service => service.ServiceType == typeof(Workflow<IAppMember>));
        var workflow = Assert.IsType<Workflow<IAppMember>>(registered.ImplementationInstance);
        Assert.Equal(TodoAppWorkflow.Members.Select(member => member.Name).Order(StringComparer.Ordinal), workflow.Members.Select(member => member.Name).Order(StringComparer.Ordinal));
    }

    private static ControllerBuilder<TodoApp> Configured()
    {
        var builder = new ControllerBuilder<TodoApp>();
        TodoAppServiceCollectionExtensions.Configure(builder);
        return builder;
    }

    private static string Name(OwnedKind kind) => $"{kind.Declared.Plural}.{(kind.Declared.Group.Length == 0 ? "core" : kind.Declared.Group)}";
}
