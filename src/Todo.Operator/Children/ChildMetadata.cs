using k8s.Models;
using Todo.Operator.Crd;

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

    /// <summary>
    /// The version owner references name: v1alpha1, as every child of an app created before v1beta1 already does, so that
    /// upgrading the operator rewrites no child. The garbage collector finds the owner by uid through any served version;
    /// before v1alpha1 stops being served, this moves to v1beta1 (one metadata write per child, no pod restarts).
    /// </summary>
    public const string OwnerApiVersion = $"{TodoApp.Group}/{Crd.V1Alpha1.TodoApp.Version}";

    public static V1OwnerReference OwnerReference(TodoApp app) => new()
    {
        ApiVersion = OwnerApiVersion,
        Kind = app.Kind,
        Name = app.Metadata.Name,
        Uid = app.Metadata.Uid,
        BlockOwnerDeletion = true,
        Controller = true,
    };
}
