using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>
/// Metadata of a child: our labels and the controller owner reference, so garbage collection removes
/// the child with its TodoApp and a child event maps back to its owner. Nothing is copied from the
/// TodoApp's own labels or annotations: ArgoCD's tracking marks must stay on the TodoApp only.
/// </summary>
internal static class ChildMetadata
{
    public static V1ObjectMeta For(TodoApp app, string name, string component, IDictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = app.Metadata.NamespaceProperty,
        Labels = AppLabels.For(app, component),
        Annotations = annotations is { Count: > 0 } ? annotations : null,
        OwnerReferences = [OwnerReference(app)],
    };

    public static V1OwnerReference OwnerReference(TodoApp app) => new()
    {
        ApiVersion = app.ApiVersion,
        Kind = app.Kind,
        Name = app.Metadata.Name,
        Uid = app.Metadata.Uid,
        BlockOwnerDeletion = true,
        Controller = true,
    };
}
