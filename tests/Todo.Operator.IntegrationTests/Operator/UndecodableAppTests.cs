using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// A TodoApp the schema accepted but the client library cannot decode (a quantity with a fractional exponent, stored
/// under the CRD of 0.1.0) is quarantined: reported on itself, counted, and never in the way of any other TodoApp.
/// </summary>
public sealed class UndecodableAppTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "undecodable")
{
    private const string QuarantineMetric = "informer_quarantined_objects";

    [Fact]
    public async Task An_undecodable_app_is_quarantined_while_every_other_app_is_reconciled()
    {
        await TodoAppCrd.WithLegacySchemaAsync(Cluster, async () =>
        {
            await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "before", Cancellation);
            var poisoned = await CreateWithMemoryLimitAsync("poisoned", "1e1.5");

            // Before the fix, the list of TodoApps failed as a whole: the operator never became ready.
            var (_, process) = await Space.StartOperatorAsync("todo-operator", tune: null, Cancellation);

            await ReconciledAsync("before");
            await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "after", Cancellation);
            await ReconciledAsync("after");
            await QuarantinedAsync(poisoned, "1e1.5");
            Assert.Equal(1, await QuarantinedCountAsync(process));

            // An edit that makes a reconciled app undecodable arrives through the watch: the same, and nothing else stops.
            var edited = await PatchMemoryLimitAsync("before", "1e.5");
            await QuarantinedAsync(edited, "1e.5");
            await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "late", Cancellation);
            await ReconciledAsync("late");
            Assert.Equal(2, await QuarantinedCountAsync(process));

            // A decodable version leaves quarantine and is reconciled like any other.
            await PatchMemoryLimitAsync("poisoned", "256Mi");
            await ReconciledAsync("poisoned");
            await Eventually.UntilAsync("one TodoApp is still quarantined", async token => await QuarantinedCountAsync(process) == 1, Cancellation);
        });
    }

    /// <summary>
    /// Deleting an undecodable app that carries the Redis data finalizer (an earlier version of it asked whenDeleted:
    /// Delete) completes: no reconcile runs for it, so the quarantine report lets go of the finalizer and keeps the data.
    /// </summary>
    [Fact]
    public async Task An_undecodable_app_holding_the_data_finalizer_finishes_deleting()
    {
        await TodoAppCrd.WithLegacySchemaAsync(Cluster, async () =>
        {
            var held = await CreateWithMemoryLimitAsync("held", "1e1.5", finalizers: ["todo.gitops.dev/redis-data"]);
            await Space.StartOperatorAsync("todo-operator", tune: null, Cancellation);
            await QuarantinedAsync(held, "1e1.5");

            await Space.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync(TodoApp.Group, TodoApp.Version, Space.Name, TodoApp.Plural, "held", cancellationToken: Cancellation);

            await Eventually.UntilAsync(
                "the undecodable TodoApp is gone",
                async token => await NotFound.AsNullAsync(async () => (object)await RawAsync("held", token)) is null,
                Cancellation);
            var uid = held.GetProperty("metadata").GetProperty("uid").GetString()!;
            var events = await Space.Admin.CoreV1.ListNamespacedEventAsync(Space.Name, fieldSelector: $"involvedObject.uid={uid}", cancellationToken: Cancellation);
            Assert.Contains(events.Items, e => e is { Type: "Warning", Reason: "ClaimKept" });
        });
    }

    [Theory]
    [InlineData("1e1.5")]
    [InlineData("1e.5")]
    [InlineData("1e999999999")]
    [InlineData("-1e3")]
    [InlineData("123456789012345678")]
    public async Task The_crd_refuses_a_quantity_the_operator_could_not_read(string memory)
    {
        await TodoAppCrd.WithCurrentSchemaAsync(Cluster, async () =>
        {
            var refused = await Assert.ThrowsAsync<HttpOperationException>(() => CreateWithMemoryLimitAsync($"refused-{Guid.NewGuid():N}"[..16], memory));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
            Assert.Contains("spec.resources.limits.memory", refused.Response.Content, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("256Mi")]
    [InlineData("0.5Gi")]
    [InlineData("1e9")]
    [InlineData("+1G")]
    [InlineData("17179869184")]
    public async Task The_crd_accepts_the_quantities_people_write(string memory)
    {
        await TodoAppCrd.WithCurrentSchemaAsync(Cluster, () => CreateWithMemoryLimitAsync($"accepted-{Guid.NewGuid():N}"[..16], memory));
    }

    private async Task<TodoApp> ReconciledAsync(string name)
    {
        var app = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, name, "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
        Assert.NotNull(await Space.Children.DeploymentAsync($"{name}-api", Cancellation));
        return app;
    }

    /// <summary>Quarantine as a user sees it: a Warning Event on the object and (the schema permitting) a Degraded condition naming the cause.</summary>
    private async Task QuarantinedAsync(JsonElement app, string value)
    {
        var (name, uid) = (app.GetProperty("metadata").GetProperty("name").GetString()!, app.GetProperty("metadata").GetProperty("uid").GetString()!);
        var degraded = await Eventually.GetAsync(
            $"TodoApp {name} is Degraded (Undecodable) for its current generation",
            async token =>
            {
                var current = await RawAsync(name, token);
                var generation = current.GetProperty("metadata").GetProperty("generation").GetInt64();
                return Conditions(current).FirstOrDefault(condition =>
                    condition is { Type: "Degraded", Status: "True", Reason: "Undecodable" } && condition.ObservedGeneration == generation);
            },
            Cancellation);
        Assert.Contains(value, degraded.Message, StringComparison.Ordinal);
        var events = await Space.Admin.CoreV1.ListNamespacedEventAsync(Space.Name, fieldSelector: $"involvedObject.uid={uid}", cancellationToken: Cancellation);
        Assert.Contains(events.Items, e => e is { Type: "Warning", Reason: "Undecodable" } && e.Message.Contains(value, StringComparison.Ordinal));
    }

    private static async Task<double> QuarantinedCountAsync(OperatorProcess process) =>
        PrometheusText.Sum(await process.MetricsAsync(Cancellation), QuarantineMetric, ("resource", "todoapps.todo.gitops.dev/v1beta1"));

    /// <summary>The dev sample's spec with <paramref name="memory"/> as the API's memory limit; written as raw JSON, as kubectl would.</summary>
    private async Task<JsonElement> CreateWithMemoryLimitAsync(string name, string memory, string[]? finalizers = null) =>
        await Space.Admin.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            TestJson.Node(new
            {
                apiVersion = $"{TodoApp.Group}/{TodoApp.Version}",
                kind = "TodoApp",
                metadata = new { name, @namespace = Space.Name, finalizers },
                spec = new
                {
                    image = new { repository = "ghcr.io/example/todo-api", tag = "0.1.0" },
                    resources = new { requests = new { cpu = "100m", memory = "128Mi" }, limits = new { memory } },
                },
            }),
            TodoApp.Group,
            TodoApp.Version,
            Space.Name,
            TodoApp.Plural,
            cancellationToken: Cancellation);

    private async Task<JsonElement> PatchMemoryLimitAsync(string name, string memory) =>
        await Space.Admin.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(
            TestJson.Patch(new { spec = new { resources = new { limits = new { memory } } } }, V1Patch.PatchType.MergePatch),
            TodoApp.Group,
            TodoApp.Version,
            Space.Name,
            TodoApp.Plural,
            name,
            cancellationToken: Cancellation);

    private Task<JsonElement> RawAsync(string name, CancellationToken cancellationToken) =>
        Space.Admin.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(TodoApp.Group, TodoApp.Version, Space.Name, TodoApp.Plural, name, cancellationToken);

    private static List<V1Condition> Conditions(JsonElement app) =>
        app.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? KubernetesJson.Deserialize<List<V1Condition>>(conditions)
            : [];
}
