using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// One kind of object a TodoApp owns (a "dependent resource"): whether it is wanted, its desired
/// state as a pure function of the TodoApp, and whether an observed copy is ready. Adding a child
/// kind to the operator is adding one implementation of this interface.
/// </summary>
internal interface IChildResource
{
    /// <summary>Short name used in events, logs and conditions, e.g. "Ingress".</summary>
    string Name { get; }

    /// <summary>The API to read and write this child with; some depend on what the cluster serves.</summary>
    ResourceType Type(ClusterCapabilities capabilities);

    /// <summary>The child's object name for this app (stable, so it can be found and pruned).</summary>
    string ObjectName(TodoApp app);

    /// <summary>False when the spec does not call for this child (ingress disabled, autoscaling off...).</summary>
    bool IsWanted(TodoApp app);

    /// <summary>The desired object, complete with labels and the controller owner reference.</summary>
    IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context);

    /// <summary>Whether the observed object is ready; children without a notion of readiness are ready once they exist.</summary>
    ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed);
}
