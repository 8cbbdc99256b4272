using k8s;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Workflow;

/// <summary>
/// A child some of whose fields pass from the operator to another controller, such as the Deployment's replicas
/// to the HorizontalPodAutoscaler. Server-side apply resets a field its only manager stops sending, so before the
/// operator stops sending it, the current value is applied under <see cref="Manager"/>, which keeps it until
/// the new owner writes it (the Kubernetes documentation's "transferring ownership").
/// </summary>
internal interface IFieldHandover
{
    const string Manager = "todo-operator-handover";

    /// <summary>
    /// The fields to keep, as a partial object with their current values, when <paramref name="operatorManager"/>
    /// still owns them in <paramref name="observed"/> but the desired state no longer sets them; otherwise null.
    /// </summary>
    IKubernetesObject<V1ObjectMeta>? Handover(TodoApp app, IKubernetesObject<V1ObjectMeta> observed, string operatorManager);
}
