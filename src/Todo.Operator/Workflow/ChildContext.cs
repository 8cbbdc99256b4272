using k8s;
using k8s.Models;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;

namespace Todo.Operator.Workflow;

/// <summary>
/// What the desired-state builders read beyond the TodoApp, as one snapshot: the resource types the cluster serves (so
/// the HorizontalPodAutoscaler is written in the version it serves), the results of the steps this reconcile ran (the
/// Redis password, read from its Secret or generated once, so that building stays pure and never rotates it), and the
/// siblings as the cache holds them (JOSDK's <c>context.getSecondaryResource</c>). Seen by one member
/// (<see cref="For"/>), it refuses to read a sibling or a step that member does not depend on, so the declared
/// dependencies stay the true ones.
/// </summary>
internal sealed class ChildContext
{
    private readonly Func<ResourceType, string, IKubernetesObject<V1ObjectMeta>?> cached;
    private readonly Dictionary<string, object?> results;
    private readonly IAppMember? reader;

    /// <param name="resources">The kinds the cluster serves, each in the version to use.</param>
    /// <param name="cached">The cached object of a type and name in the app's namespace, or null; without it nothing is observed.</param>
    /// <param name="operatorPods">The operator's pods, for the policies that admit them; null when it runs outside a pod.</param>
    public ChildContext(
        ResourceCatalog resources, Func<ResourceType, string, IKubernetesObject<V1ObjectMeta>?>? cached = null, OperatorPods? operatorPods = null)
        : this(resources, cached ?? ((_, _) => null), operatorPods, [], reader: null)
    {
    }

    private ChildContext(
        ResourceCatalog resources,
        Func<ResourceType, string, IKubernetesObject<V1ObjectMeta>?> cached,
        OperatorPods? operatorPods,
        Dictionary<string, object?> results,
        IAppMember? reader)
    {
        Resources = resources;
        this.cached = cached;
        OperatorPods = operatorPods;
        this.results = results;
        this.reader = reader;
    }

    public ResourceCatalog Resources { get; }

    /// <summary>The operator's own pods, or null when it runs outside a pod.</summary>
    public OperatorPods? OperatorPods { get; }

    /// <summary>The same snapshot as <paramref name="member"/> reads it: only what it declares a dependency on, and itself.</summary>
    public ChildContext For(IAppMember member) => new(Resources, cached, OperatorPods, results, member);

    /// <summary>The object of <paramref name="child"/> as the cache holds it (not to be changed), or null when there is none.</summary>
    public TModel? Observed<TModel>(ChildResource<TModel> child, TodoApp app)
        where TModel : class, IKubernetesObject<V1ObjectMeta>
    {
        if (reader is not null && reader.Name != child.Name)
        {
            CheckDeclared(child);
        }

        return Resources.Resolve(child.Kind) is { } type && cached(type, child.ObjectName(app)) is { } found ? ObjectCopy.As<TModel>(found) : null;
    }

    /// <summary>What <paramref name="step"/> left for its dependents in this reconcile.</summary>
    public TResult Result<TResult>(AppStep<TResult> step)
    {
        CheckDeclared(step);
        return results.TryGetValue(step.Name, out var result)
            ? (TResult)result!
            : throw new InvalidOperationException($"{step.Name} has not run in this reconcile, so its result cannot be read{(reader is null ? string.Empty : $" by {reader.Name}")}.");
    }

    /// <summary>This snapshot with <paramref name="result"/> as what <paramref name="step"/> left: for builders run outside a reconcile (tests).</summary>
    public ChildContext With<TResult>(AppStep<TResult> step, TResult result)
    {
        var copy = new ChildContext(Resources, cached, OperatorPods, new Dictionary<string, object?>(results), reader);
        copy.Record(step, result);
        return copy;
    }

    internal void Record(IAppStep step, object? result) => results[step.Name] = result;

    private void CheckDeclared(IAppMember dependency)
    {
        if (reader is not null && !reader.DependsOn.Any(declared => declared.Name == dependency.Name))
        {
            throw new InvalidOperationException(
                $"{reader.Name} reads {dependency.Name} without depending on it: add Dependency.On(nameof({dependency.Name})) to its DependsOn.");
        }
    }
}
