using k8s.Models;
using Todo.Operator.Children;

namespace Todo.Operator.Redis;

/// <summary>The data claims of the app's Redis pods as a reconcile found them (<see cref="RedisClaimGuard"/>'s result).</summary>
internal sealed record RedisClaims(IReadOnlyList<V1PersistentVolumeClaim> Existing)
{
    public static RedisClaims None { get; } = new([]);

    /// <summary>
    /// Whether there are claims and every one asks for <paramref name="size"/>: a claim expanded by hand past the StatefulSet's
    /// template, to the size the spec asks for, is what was wanted.
    /// </summary>
    public bool AllRequest(string size) =>
        Existing.Count > 0
        && Existing.All(claim => claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var requested) is true && Quantities.Equal(requested.ToString(), size));
}
