using k8s;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Workflow;

/// <summary>
/// A child with fields the operator sets only when it creates the object and then leaves to another controller (the
/// Deployment's replicas, which the autoscaler owns). They are no part of the desired state: neither its hash nor the
/// comparison sees them, so the object is not applied again for them, and the first apply for a real change hands them
/// over (<see cref="IFieldHandover"/>).
/// </summary>
internal interface IInitialFields
{
    /// <summary>Sets the fields on <paramref name="desired"/>, the object about to be created.</summary>
    void AddInitialFields(TodoApp app, IKubernetesObject<V1ObjectMeta> desired);
}
