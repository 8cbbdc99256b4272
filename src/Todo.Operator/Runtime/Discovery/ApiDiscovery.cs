using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Discovery;

/// <summary>
/// Asks the API server which versions of the groups whose kinds moved it serves, so the same operator
/// writes autoscaling/v2beta2 and policy/v1beta1 on Kubernetes 1.20 and the GA versions on current releases.
/// </summary>
internal sealed class ApiDiscovery(IResourceClient client)
{
    public async Task<ClusterCapabilities> DiscoverAsync(CancellationToken cancellationToken) =>
        FromGroups(await client.GetPathAsync<V1APIGroupList>("apis", cancellationToken));

    public static ClusterCapabilities FromGroups(V1APIGroupList groups) =>
        new(
            Pick(groups, "autoscaling", ["v2", "v2beta2"]),
            Pick(groups, "policy", ["v1", "v1beta1"]));

    private static string Pick(V1APIGroupList groups, string group, string[] preference)
    {
        var served = groups.Groups?.FirstOrDefault(candidate => candidate.Name == group)?.Versions?.Select(version => version.Version).ToHashSet()
            ?? [];
        return preference.FirstOrDefault(served.Contains)
            ?? throw new InvalidOperationException(
                $"The API server serves none of {group}/{string.Join(", ", preference)} (it serves: {(served.Count == 0 ? "nothing" : string.Join(", ", served))}).");
    }
}
