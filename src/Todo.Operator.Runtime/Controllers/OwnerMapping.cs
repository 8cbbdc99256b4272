using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Maps a child's event to its owner's work-queue key through the controller owner reference, the way
/// controller-runtime's Owns does: the child itself is never enqueued, and only an owner of the primary's
/// group and kind counts (any version, since owner references outlive API version changes).
/// </summary>
internal static class OwnerMapping
{
    public static string? ControllerOwnerKey(IKubernetesObject<V1ObjectMeta> child, ResourceType ownerType)
    {
        var owner = child.Metadata?.OwnerReferences?.FirstOrDefault(reference => reference.Controller is true);
        if (owner is null || owner.Kind != ownerType.Kind || GroupOf(owner.ApiVersion) != ownerType.Group)
        {
            return null;
        }

        // Owner references cannot cross namespaces: a namespaced owner shares the child's namespace.
        return ObjectKey.Of(ownerType.Namespaced ? child.Metadata!.NamespaceProperty : null, owner.Name);
    }

    private static string GroupOf(string? apiVersion) =>
        apiVersion?.IndexOf('/', StringComparison.Ordinal) is { } slash and >= 0 ? apiVersion[..slash] : string.Empty;
}
