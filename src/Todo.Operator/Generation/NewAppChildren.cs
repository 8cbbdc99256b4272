using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;

namespace Todo.Operator.Generation;

/// <summary>
/// The children the operator's first reconcile of a new TodoApp applies, in its order and exactly as it sends them (desired
/// state and hash, in the versions the cluster serves): what the benchmark's floor client sends for the same apps, so that
/// the operator is compared with a plain client doing the same writes.
/// </summary>
internal static class NewAppChildren
{
    /// <summary>
    /// The served catalog from <paramref name="apiVersions"/> (what <c>kubectl api-versions</c> prints): each kind in the first
    /// of its versions listed.
    /// </summary>
    public static ResourceCatalog Catalog(IEnumerable<string> apiVersions)
    {
        var served = apiVersions.ToHashSet(StringComparer.Ordinal);
        return new ResourceCatalog(ChildResources.All
            .Select(child => child.Kind.Versions.Select(version => child.Kind.Declared with { Version = version }).FirstOrDefault(type => served.Contains(type.ApiVersion)))
            .OfType<ResourceType>());
    }

    /// <summary>One line per child: the path it is applied at and the object, for a new <paramref name="app"/> with a fresh password.</summary>
    public static IEnumerable<JsonObject> For(TodoApp app, ResourceCatalog catalog, bool servesClaimRetentionPolicy)
    {
        var password = RedisPassword.Generate();
        var version = RedisPassword.VersionOf(password);
        var context = new ChildContext(catalog, password)
        {
            ServesClaimRetentionPolicy = servesClaimRetentionPolicy,
            RedisPasswordVersion = version,
            ApiRedisPasswordVersion = RedisPassword.ForTheApi(version, redis: null, api: null),
        };
        foreach (var planned in ChildPlan.For(app, catalog, ChildResources.All).Apply)
        {
            var desired = planned.Child.Desired(app, context);
            DesiredStateHash.Stamp(desired);
            yield return new JsonObject
            {
                ["path"] = ApplyPath(planned.Type, app.Metadata.NamespaceProperty, planned.Name),
                ["object"] = JsonNode.Parse(KubernetesJson.Serialize(desired)),
            };
        }
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
