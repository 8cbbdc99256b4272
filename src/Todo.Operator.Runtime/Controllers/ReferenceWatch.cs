using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// A kind the primary refers to without owning it (controller-runtime's <c>Watches</c> with a map function): objects of
/// <see cref="Kind"/> carrying <see cref="LabelSelector"/> (all of them when null: another controller's primary kind) are cached, and a change to one reconciles every primary object
/// of its namespace that <see cref="References"/> it.
/// </summary>
public sealed record ReferenceWatch<TEntity>(OwnedKind Kind, string? LabelSelector, Func<IKubernetesObject<V1ObjectMeta>, TEntity, bool> References)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>;
