using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Discovery;

/// <summary>
/// Asks the API server which of the owned kinds it serves, and in which of their versions: the same operator then
/// writes autoscaling/v2beta2 on Kubernetes 1.20 and autoscaling/v2 on current releases, and sees a CRD's kind once it
/// is installed. A kind counts as served when its group-version is listed and names the kind's resource.
/// </summary>
internal sealed class ResourceDiscovery(IResourceClient client)
{
    public async Task<ResourceCatalog> DiscoverAsync(IEnumerable<OwnedKind> kinds, CancellationToken cancellationToken)
    {
        var wanted = kinds.ToList();
        var groups = await client.GetPathAsync<V1APIGroupList>("apis", cancellationToken);
        var required = Candidates(wanted.Where(kind => !kind.Optional), groups).ToHashSet(StringComparer.Ordinal);
        var resources = new Dictionary<string, V1APIResourceList?>(StringComparer.Ordinal);
        foreach (var groupVersion in Candidates(wanted, groups))
        {
            try
            {
                resources[groupVersion] = await ResourcesAsync(groupVersion, cancellationToken);
            }
            catch (Exception e) when (e is KubernetesException or HttpRequestException or TimeoutException && !required.Contains(groupVersion))
            {
                // Only optional kinds live here: they count as not served until a later discovery gets an answer.
                resources[groupVersion] = null;
            }
        }

        return Resolve(wanted, groups, groupVersion => resources.GetValueOrDefault(groupVersion));
    }

    /// <summary>The catalog of <paramref name="kinds"/> as served, from the group list and the resource list of each group-version.</summary>
    public static ResourceCatalog Resolve(IEnumerable<OwnedKind> kinds, V1APIGroupList groups, Func<string, V1APIResourceList?> resources)
    {
        var found = new List<ResourceType>();
        foreach (var kind in kinds)
        {
            var served = kind.Versions
                .Select(version => kind.Declared with { Version = version })
                .FirstOrDefault(type => IsListed(groups, type) && resources(type.ApiVersion)?.Resources?.Any(resource => resource.Name == type.Plural) is true);
            if (served is not null)
            {
                found.Add(served);
            }
        }

        return new ResourceCatalog(found);
    }

    /// <summary>The group-versions whose resource lists decide the kinds, the core group (always served) included.</summary>
    private static IEnumerable<string> Candidates(IEnumerable<OwnedKind> kinds, V1APIGroupList groups) =>
        kinds
            .SelectMany(kind => kind.Versions.Select(version => kind.Declared with { Version = version }))
            .Where(type => IsListed(groups, type))
            .Select(type => type.ApiVersion)
            .Distinct(StringComparer.Ordinal);

    private static bool IsListed(V1APIGroupList groups, ResourceType type) =>
        type.Group.Length == 0
            ? type.Version == "v1"
            : groups.Groups?.FirstOrDefault(group => group.Name == type.Group)?.Versions?.Any(version => version.Version == type.Version) is true;

    private async Task<V1APIResourceList?> ResourcesAsync(string groupVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetPathAsync<V1APIResourceList>(groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}", cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is 404)
        {
            // Listed a moment ago, gone now (a CRD being deleted): not served.
            return null;
        }
    }
}
