using k8s;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>`kubectl apply -k config/default`, as the README tells users, installs a working operator with least privilege.</summary>
public sealed class InstallTests(ControlPlaneFixture cluster)
{
    private const string Namespace = "todo-operator-system";
    private const string Operator = $"system:serviceaccount:{Namespace}:todo-operator";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_kustomization_installs_the_operator_deployment_and_binds_its_roles_to_its_service_account()
    {
        var root = RepositoryRoot.Path;
        await TodoAppCrd.EnsureInstalledAsync(cluster);

        await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["apply", "-k", Path.Combine(root, "config", "default")], Cancellation);

        // The controller-manager turning the Deployment into two pods shows the API server accepted every field.
        var deployment = await Eventually.GetAsync(
            "the operator Deployment has its two pods",
            async token =>
            {
                var found = await cluster.AdminClient.AppsV1.ReadNamespacedDeploymentAsync("todo-operator", Namespace, cancellationToken: token);
                return found.Status?.Replicas == 2 ? found : null;
            },
            Cancellation);
        var pod = deployment.Spec.Template.Spec;
        Assert.Equal("todo-operator", pod.ServiceAccountName);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.All(pod.Containers, container =>
        {
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        });

        // The API server's RBAC authorizer learns of new bindings through its own watch, a moment after the apply.
        await Eventually.UntilAsync("the operator's bindings are in effect", _ => CanAsync("patch", "deployments.apps", "-A"), Cancellation);
        Assert.True(await CanAsync("patch", "todoapps.todo.gitops.dev", "--subresource=status", "-A"));
        // Patch for the finalizer that deletes the Redis volume when asked; claims are deleted, never created.
        Assert.True(await CanAsync("patch", "todoapps.todo.gitops.dev", "-A"));
        Assert.True(await CanAsync("delete", "persistentvolumeclaims", "-A"));
        Assert.False(await CanAsync("create", "persistentvolumeclaims", "-A"));
        Assert.True(await CanAsync("update", "todoapps.todo.gitops.dev", "--subresource=finalizers", "-A"));
        Assert.True(await CanAsync("update", "leases.coordination.k8s.io", "-n", Namespace));
        Assert.False(await CanAsync("update", "leases.coordination.k8s.io", "-n", "default"));
        Assert.False(await CanAsync("update", "deployments.apps", "-A"));
        Assert.False(await CanAsync("create", "pods", "-A"));
        Assert.False(await CanAsync("delete", "todoapps.todo.gitops.dev", "-A"));
        Assert.False(await CanAsync("create", "clusterrolebindings.rbac.authorization.k8s.io"));
    }

    /// <summary>`kubectl auth can-i` as the operator's ServiceAccount: it answers "no" with exit code 1.</summary>
    private async Task<bool> CanAsync(string verb, string resource, params string[] scope)
    {
        try
        {
            await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["auth", "can-i", verb, resource, "--as", Operator, .. scope], Cancellation);
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("(exit 1)", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
