using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;

namespace Todo.Operator.Workflow;

/// <summary>
/// One kind of object a TodoApp owns (a "dependent resource"), declared once: its kind (which drives the watch, the API
/// version and the RBAC rule), whether the spec wants it, its desired state as a pure function of the TodoApp and the
/// <see cref="ChildContext"/>, and whether an observed copy is ready. Implement it through <see cref="ChildResource{TModel}"/>
/// and list it in its feature's members (<see cref="TodoAppWorkflow"/>).
/// </summary>
internal interface IChildResource : IAppMember
{
    /// <summary>The kind: its API from the model's <c>[KubernetesEntity]</c>, the versions it may be served in, whether a cluster may lack it.</summary>
    OwnedKind Kind { get; }

    /// <summary>The child's object name for this app (stable, so it can be found and pruned).</summary>
    string ObjectName(TodoApp app);

    /// <summary>The desired object, complete with apiVersion, kind, labels and the controller owner reference.</summary>
    IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context);

    /// <summary>Whether the observed object is ready for <paramref name="app"/>; children without a notion of readiness are ready once they exist.</summary>
    ChildReadiness Readiness(TodoApp app, IKubernetesObject<V1ObjectMeta> observed);
}
