using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Smoke.Widgets;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.IntegrationTests.Smoke;

/// <summary>
/// What the operator relies on, checked against a real API server: CRDs with defaulting and validation,
/// custom resources and watches, server-side apply, controllers and garbage collection, RBAC, the audit log.
/// Each backend (local control plane, K3s) runs the same tests through a subclass.
/// </summary>
public abstract class ClusterSmokeTests(KubernetesCluster cluster) : IAsyncLifetime
{
    private const string FieldManager = "smoke-tests";

    private string ns = "";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IKubernetes Admin => cluster.AdminClient;

    public async ValueTask InitializeAsync() => ns = await cluster.CreateNamespaceAsync(GetType().Name, Cancellation);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (ns.Length > 0)
        {
            await Admin.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task CustomResourceDefinition_IsEstablished_AndItsResourcesAreDefaultedValidatedAndWatched()
    {
        await InstallWidgetDefinitionAsync();
        var existing = await Admin.CustomObjects.ListNamespacedCustomObjectAsync<WidgetList>(
            WidgetDefinition.Group, WidgetDefinition.Version, ns, WidgetDefinition.Plural, cancellationToken: Cancellation);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        watchStop.CancelAfter(Eventually.DefaultTimeout);
        var added = FirstAddedAsync("first", existing.ResourceVersion(), watchStop.Token);

        var created = await Admin.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            new Widget { Metadata = new V1ObjectMeta { Name = "first" }, Spec = new WidgetSpec { Message = "hello" } },
            WidgetDefinition.Group, WidgetDefinition.Version, ns, WidgetDefinition.Plural, cancellationToken: Cancellation);
        var read = await Admin.CustomObjects.GetNamespacedCustomObjectAsync<Widget>(
            WidgetDefinition.Group, WidgetDefinition.Version, ns, WidgetDefinition.Plural, "first", Cancellation);
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => Admin.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            new Widget { Metadata = new V1ObjectMeta { Name = "too-big" }, Spec = new WidgetSpec { Size = WidgetDefinition.MaximumSize + 1 } },
            WidgetDefinition.Group, WidgetDefinition.Version, ns, WidgetDefinition.Plural, cancellationToken: Cancellation));

        Assert.Equal(WidgetDefinition.DefaultSize, created.Spec.Size);
        Assert.Equal("hello", read.Spec.Message);
        Assert.Equal(created.Uid(), read.Uid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.Equal(created.Uid(), (await added).Uid());
    }

    [Fact]
    public async Task ServerSideApply_RecordsTheFieldManager_AndRejectsAConflictingManager()
    {
        var deployment = SmokeDeployment.Create("applied", ns);

        var applied = await ApplyAsync(deployment, FieldManager, force: true);
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(
            () => ApplyAsync(SmokeDeployment.Create("applied", ns, replicas: 3), "another-manager", force: false));

        Assert.Contains(applied.Metadata.ManagedFields, entry => entry is { Manager: FieldManager, Operation: "Apply" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
    }

    [Fact]
    public async Task ControllerManager_CreatesTheReplicaSet_AndGarbageCollectsItWithItsDeployment()
    {
        var deployment = await ApplyAsync(SmokeDeployment.Create("collected", ns), FieldManager, force: true);

        var replicaSet = await Eventually.GetAsync(
            "the controller-manager creates a ReplicaSet owned by the Deployment",
            async token => await ReplicaSetsOwnedByAsync(deployment.Uid(), token) is [var first, ..] ? first : null,
            Cancellation);
        await Admin.AppsV1.DeleteNamespacedDeploymentAsync(
            deployment.Name(), ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: Cancellation);
        await Eventually.UntilAsync(
            "the garbage collector deletes the ReplicaSet of the deleted Deployment",
            async token => (await ReplicaSetsOwnedByAsync(deployment.Uid(), token)).Count == 0,
            Cancellation);

        Assert.Contains(replicaSet.OwnerReferences(), owner => owner is { Kind: "Deployment", Controller: true } && owner.Uid == deployment.Uid());
    }

    [Fact]
    public async Task ServiceAccountIdentity_HasOnlyTheRightsOfItsRole()
    {
        using var identity = await cluster.CreateServiceAccountAsync(ns, "reader", [RoleFile("configmap-reader-role.yaml")], Cancellation);

        var configMaps = await identity.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Cancellation);
        var secrets = await Assert.ThrowsAsync<HttpOperationException>(
            () => identity.Client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Cancellation));

        Assert.NotNull(configMaps.Items);
        Assert.Equal(HttpStatusCode.Forbidden, secrets.Response.StatusCode);
    }

    [Fact]
    public async Task AuditLog_RecordsWhoMadeEachRequest()
    {
        if (cluster.AuditLogPath is not { } auditLog)
        {
            Assert.Skip($"{cluster.Description} keeps no audit log the tests can read.");
            return;
        }

        using var identity = await cluster.CreateServiceAccountAsync(ns, "audited", [RoleFile("configmap-reader-role.yaml")], Cancellation);
        await identity.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Cancellation);

        await Eventually.UntilAsync(
            $"the audit log records {identity.UserName} listing configmaps",
            async token => (await File.ReadAllLinesAsync(auditLog, token)).Any(line => IsListOfConfigMapsBy(line, identity.UserName, ns)),
            Cancellation);
    }

    private static string RoleFile(string name) => Path.Combine(AppContext.BaseDirectory, "Smoke", name);

    private static bool IsListOfConfigMapsBy(string auditLine, string userName, string @namespace)
    {
        using var entry = JsonDocument.Parse(auditLine);
        var root = entry.RootElement;
        return root.GetProperty("verb").GetString() == "list"
            && root.GetProperty("user").GetProperty("username").GetString() == userName
            && root.TryGetProperty("objectRef", out var target)
            && target.GetProperty("resource").GetString() == "configmaps"
            && target.TryGetProperty("namespace", out var targetNamespace)
            && targetNamespace.GetString() == @namespace;
    }

    private async Task InstallWidgetDefinitionAsync()
    {
        await Admin.ApiextensionsV1.PatchCustomResourceDefinitionAsync(
            TestJson.Patch(WidgetDefinition.Create(), V1Patch.PatchType.ApplyPatch), WidgetDefinition.Name,
            fieldManager: FieldManager, force: true, cancellationToken: Cancellation);
        await Eventually.UntilAsync(
            $"CRD {WidgetDefinition.Name} is Established",
            async token => (await Admin.ApiextensionsV1.ReadCustomResourceDefinitionAsync(WidgetDefinition.Name, cancellationToken: token))
                .Status?.Conditions?.Any(c => c is { Type: "Established", Status: "True" }) is true,
            Cancellation);
    }

    private async Task<Widget> FirstAddedAsync(string name, string resourceVersion, CancellationToken cancellationToken)
    {
        using var connection = new KubernetesConnection(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.AdminKubeconfigPath));
        var client = new ResourceClient(connection, Options.Create(new OperatorOptions()));
        var widgets = new ResourceType(WidgetDefinition.Group, WidgetDefinition.Version, WidgetDefinition.Kind, WidgetDefinition.Plural);
        var events = client.WatchAsync<Widget>(widgets, ns, labelSelector: null, fieldSelector: null, resourceVersion, Eventually.DefaultTimeout, cancellationToken);
        await foreach (var watchEvent in events)
        {
            if (watchEvent is { Type: WatchEventType.Added, Object: { } widget } && widget.Name() == name)
            {
                return widget;
            }
        }

        throw new InvalidOperationException($"The watch ended without an ADDED event for widget {name}.");
    }

    private Task<V1Deployment> ApplyAsync(V1Deployment deployment, string fieldManager, bool force) =>
        Admin.AppsV1.PatchNamespacedDeploymentAsync(
            TestJson.Patch(deployment, V1Patch.PatchType.ApplyPatch), deployment.Name(), ns,
            fieldManager: fieldManager, force: force, cancellationToken: Cancellation);

    private async Task<IReadOnlyList<V1ReplicaSet>> ReplicaSetsOwnedByAsync(string ownerUid, CancellationToken cancellationToken) =>
        (await Admin.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: cancellationToken)).Items
            .Where(replicaSet => replicaSet.OwnerReferences()?.Any(owner => owner.Uid == ownerUid) is true)
            .ToList();
}
