using System.Text.Json.Nodes;
using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// The kube-apiserver v1.20.2 built here from Debian's source turns an empty string in a custom resource into null
/// and then rejects it ("must be of type string: \"null\""); core objects are not affected. Where a probe shows that
/// defect, the dry run sends the empty strings of custom resources as a placeholder instead, so that the rest of
/// those objects is still validated. A current API server keeps them: there nothing is replaced.
/// </summary>
internal static class EmptyStrings
{
    public const string Placeholder = "(empty)";

    private static readonly Lock Gate = new();
    private static Task<bool>? rejected;

    public static Task<bool> AreRejectedInCustomResourcesAsync(ControlPlaneFixture cluster)
    {
        lock (Gate)
        {
            return rejected ??= ProbeAsync(cluster);
        }
    }

    public static bool IsCustomResource(JsonObject obj) =>
        obj["apiVersion"]?.GetValue<string>() is { } apiVersion
        && apiVersion.Split('/') is [var group, _]
        && group.Contains('.', StringComparison.Ordinal)
        && !group.EndsWith(".k8s.io", StringComparison.Ordinal);

    /// <summary>A copy of <paramref name="node"/> with every empty string replaced by <see cref="Placeholder"/>.</summary>
    public static JsonNode? Replace(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, Replace(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Replace)]),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>().Length == 0 =>
            JsonValue.Create(Placeholder),
        _ => node?.DeepClone(),
    };

    private static async Task<bool> ProbeAsync(ControlPlaneFixture cluster)
    {
        await ThirdPartyCrds.EnsureInstalledAsync(cluster);
        var probe = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AppProject",
            ["metadata"] = new JsonObject { ["name"] = "empty-string-probe", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["description"] = string.Empty },
        };
        try
        {
            await DryRun.ApplyAsync(cluster, probe, CancellationToken.None);
            return false;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("must be of type string: \"null\"", StringComparison.Ordinal))
        {
            return true;
        }
    }
}
