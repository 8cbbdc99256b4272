using k8s;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Workflow;

/// <summary>
/// A child with fields the API server does not let change once the object exists (a StatefulSet's volume claim
/// templates and selector). Applying a change to them would fail on every retry and hold back every child after it, so
/// the desired state keeps their current values, and a change the spec asked for that has to wait is reported instead.
/// </summary>
internal interface IImmutableFields
{
    /// <summary>The desired object with the immutable fields as observed, and what could not be applied (null when nothing).</summary>
    (IKubernetesObject<V1ObjectMeta> Desired, string? NotApplied) KeepImmutable(
        TodoApp app, ChildContext context, IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> observed);
}
