using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Generation;

/// <summary>
/// The children the operator's first reconcile of a new TodoApp applies, in its order and exactly as it sends them: the
/// operator's own reconciler, run against a <see cref="DryRunCluster"/>. What the benchmark's floor client sends for the same
/// apps, so that the operator is compared with a plain client doing the same writes, and cannot drift from it.
/// </summary>
internal static class NewAppChildren
{
    /// <summary>
    /// The served catalog from <paramref name="apiVersions"/> (what <c>kubectl api-versions</c> prints): each child kind in the
    /// first of its versions listed.
    /// </summary>
    public static ResourceCatalog Catalog(IEnumerable<string> apiVersions)
    {
        var served = apiVersions.ToHashSet(StringComparer.Ordinal);
        return new ResourceCatalog(TodoAppWorkflow.Children
            .Select(child => child.Kind.Versions.Select(version => child.Kind.Declared with { Version = version }).FirstOrDefault(type => served.Contains(type.ApiVersion)))
            .OfType<ResourceType>());
    }

    /// <summary>One line per child applied: the path it is applied at and the object, for each new app (each with a fresh password).</summary>
    public static async Task<IReadOnlyList<JsonObject>> ForAsync(IEnumerable<TodoApp> apps, ResourceCatalog catalog, int serverMinor)
    {
        var cluster = new DryRunCluster(catalog, serverMinor);
        using var services = new ServiceCollection()
            .AddSingleton<Runtime.Client.IResourceClient>(cluster)
            .AddSingleton(TimeProvider.System)
            .AddTodoAppWorkflow()
            .BuildServiceProvider();
        var reconciler = new TodoAppReconciler(
            cluster,
            cluster,
            services.GetRequiredService<Workflow<IAppMember>>(),
            cluster,
            TimeProvider.System,
            Options.Create(new OperatorOptions()),
            services,
            services.GetRequiredService<Redis.Sentinel.SentinelObservations>(),
            services.GetRequiredService<PendingStatusWrites>(),
            NullLogger<TodoAppReconciler>.Instance);
        foreach (var app in apps)
        {
            await reconciler.ReconcileAsync(app, CancellationToken.None);
        }

        return [.. cluster.Applied.Select(applied => new JsonObject
        {
            ["path"] = ApplyPath(applied.Type, applied.Object.Metadata.NamespaceProperty, applied.Object.Metadata.Name),
            ["object"] = JsonNode.Parse(ModelJson.Serialize(applied.Object)),
        })];
    }

    /// <summary>A list of TodoApps as the API server returns it.</summary>
    public sealed class TodoAppList
    {
        [JsonPropertyName("items")]
        public IList<TodoApp> Items { get; init; } = [];
    }

    private static string ApplyPath(ResourceType type, string ns, string name) =>
        $"{(type.Group.Length == 0 ? "api" : "apis")}/{type.ApiVersion}/namespaces/{ns}/{type.Plural}/{name}";
}
