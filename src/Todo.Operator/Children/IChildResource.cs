using k8s;
using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// One kind of object a TodoApp owns (a "dependent resource"), declared once: where it comes in the apply order,
/// its kind (which drives the watch, the API version and the RBAC rule), whether the spec wants it, its desired
/// state as a pure function of the TodoApp, and whether an observed copy is ready. Implement it through
/// <see cref="ChildResource{TModel}"/>; every implementation in this assembly is a child (see <see cref="ChildResources"/>).
/// </summary>
internal interface IChildResource
{
    /// <summary>The class name: used in events, logs and conditions, e.g. "TodoApiIngress".</summary>
    string Name { get; }

    /// <summary>Where the child comes in the apply order.</summary>
    ApplyPhase Phase { get; }

    /// <summary>The kind: its API from the model's <c>[KubernetesEntity]</c>, the versions it may be served in, whether a cluster may lack it.</summary>
    OwnedKind Kind { get; }

    /// <summary>The child's object name for this app (stable, so it can be found and pruned).</summary>
    string ObjectName(TodoApp app);

    /// <summary>False when the spec does not call for this child (ingress disabled, autoscaling off...).</summary>
    bool IsWanted(TodoApp app);

    /// <summary>The desired object, complete with apiVersion, kind, labels and the controller owner reference.</summary>
    IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context);

    /// <summary>Whether the observed object is ready; children without a notion of readiness are ready once they exist.</summary>
    ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed);
}
